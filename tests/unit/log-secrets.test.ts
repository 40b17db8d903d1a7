import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLog, requestContext } from "@/lib/log/logger.mjs";

/** A logger as the app's, and the lines it wrote, parsed. */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: createLog(destination), lines };
}

describe("the log", () => {
  it("never writes a password, a token, a key, an authorization or a cookie, at the top or one level down", () => {
    const { log, lines } = capturedLog();
    const fields = {
      password: "hunter2-xyzzy",
      token: "tok_xyzzy",
      user: { name: "ada", apiKey: "sk-xyzzy", authorization: "Bearer xyzzy" },
      request: { cookie: "next-auth.session-token=xyzzy", method: "POST" },
      route: "/api",
    };
    log.warn(fields, "something happened");
    const [line] = lines;
    expect(JSON.stringify(lines)).not.toContain("xyzzy");
    expect(line).toMatchObject({
      level: "warn",
      msg: "something happened",
      password: "[redacted]",
      token: "[redacted]",
      user: { name: "ada", apiKey: "[redacted]", authorization: "[redacted]" },
      request: { cookie: "[redacted]", method: "POST" },
      route: "/api",
    });
    // The caller's own object is left as it was.
    expect(fields.password).toBe("hunter2-xyzzy");
    expect(fields.user.apiKey).toBe("sk-xyzzy");
  });

  it("censors an error's own secret fields, and leaves a buffer's bytes alone", () => {
    const { log, lines } = capturedLog();
    const error = Object.assign(new Error("the model server refused"), {
      token: "tok_xyzzy",
      headers: { authorization: "Bearer xyzzy", "x-request-id": "r-1" },
    });
    log.error({ err: error, body: Buffer.from("abc") }, "failed");
    expect(JSON.stringify(lines)).not.toContain("xyzzy");
    expect(lines[0]).toMatchObject({
      err: {
        type: "Error",
        message: "the model server refused",
        token: "[redacted]",
        headers: { authorization: "[redacted]", "x-request-id": "r-1" },
      },
    });
    expect(error.token).toBe("tok_xyzzy");
  });

  it("writes other fields as they are, with the request's id", () => {
    const { log, lines } = capturedLog();
    requestContext().run({ requestId: "req-1" }, () =>
      log.info({ method: "GET", route: "/api/sessions", status: 200, ms: 3 }, "request"),
    );
    expect(lines[0]).toMatchObject({
      level: "info",
      request_id: "req-1",
      method: "GET",
      route: "/api/sessions",
      status: 200,
      ms: 3,
      msg: "request",
    });
  });
});
