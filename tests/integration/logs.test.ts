// The server's log: one JSON object per line, with its level and time; each request with its id
// (the caller's, or a new one, also sent back in X-Request-Id), route, status and duration; and
// never a password, a session cookie, a token or what a message says.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { createApiToken, loggedInClient } from "../fixtures/http-client";
import { type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, createUser } from "../fixtures/users";

let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  await createUser(ADA, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: database.url, OPENAI_BASE_URL: mock.baseURL, OPENAI_MODEL: "mock" });
});

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

type Line = {
  level: string;
  time: string;
  msg: string;
  request_id?: string;
  route?: string;
  status?: number;
  ms?: number;
};

/** The server's lines from its "ready" on (before it, the migrations and Next.js say their piece). */
function serverLines(): Line[] {
  const lines = readFileSync(app.logFile, "utf8").split("\n").filter(Boolean);
  const ready = lines.findIndex((line) => line.includes('"msg":"ready"'));
  expect(ready).toBeGreaterThanOrEqual(0);
  return lines.slice(ready).map((line) => JSON.parse(line) as Line);
}

describe("the log", () => {
  it("is JSON lines, a request each with its id, route, status and duration, and keeps secrets and messages out", async () => {
    const ada = await loggedInClient(app.url, ADA.username, ADA.password);
    const token = await createApiToken(ada, "for the log test");
    const sessionId = await ada.newSession();
    const secretWords = "my aunt's diary entry about the Zanzibar spice trade";
    const sent = await ada.postJson(
      "/api",
      { data: secretWords, session_id: sessionId },
      { "x-request-id": "trace-0123456789" },
    );
    expect(sent.headers.get("x-request-id")).toBe("trace-0123456789");
    expect((await ada.postJson("/api", { data: "Fail [[status:500]]", session_id: sessionId })).status).toBe(
      502,
    );
    const other = await fetch(`${app.url}/api/health`);
    expect(other.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    const healthId = other.headers.get("x-request-id");
    await expect
      .poll(() =>
        ["trace-0123456789", healthId].every((id) => serverLines().some((line) => line.request_id === id)),
      )
      .toBe(true);
    const lines = serverLines();
    for (const line of lines) {
      expect(typeof line.level).toBe("string");
      expect(Number.isNaN(Date.parse(line.time))).toBe(false);
    }
    const request = lines.find((line) => line.request_id === "trace-0123456789" && line.msg === "request");
    expect(request).toMatchObject({ route: "/api", status: 200, level: "info" });
    expect(typeof request?.ms).toBe("number");
    expect(lines.find((line) => line.request_id === healthId)).toMatchObject({
      route: "/api/health",
      status: 200,
    });
    const text = readFileSync(app.logFile, "utf8");
    for (const secret of [ADA.password, secretWords, "Zanzibar", token.token, sessionId]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/next-auth\.session-token=/);
  });
});
