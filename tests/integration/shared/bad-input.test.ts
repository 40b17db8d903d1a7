import { beforeAll, describe, expect, inject, it } from "vitest";
import { messagesOf } from "../../fixtures/db-query";
import { type Client, loggedInClient } from "../../fixtures/http-client";
import { ADA } from "../../fixtures/users";

const appUrl = inject("appUrl");
const databaseUrl = inject("databaseUrl");

let ada: Client;
let sessionId: string;

beforeAll(async () => {
  ada = await loggedInClient(appUrl, ADA.username, ADA.password);
  sessionId = await ada.newSession();
});

async function expectError(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  const body = (await response.json()) as { error: string };
  expect(body).toEqual({ error: expect.any(String), code: expect.stringMatching(/^[a-z_]+:[a-z_]+$/) });
  expect(body.error).not.toMatch(/at .*\.(js|ts):\d+|prisma|sql/i);
  return body.error;
}

describe("POST /api refuses malformed input with a clear 4xx", () => {
  it.each([
    ["malformed JSON", "{ data: nope"],
    ["an empty body", ""],
    ["an array body", JSON.stringify([{ data: "hi" }])],
    ["a string body", JSON.stringify("hi")],
    ["null", "null"],
  ])("400 for %s", async (_name, raw) => {
    await expectError(await ada.postJson("/api", raw), 400);
  });

  it.each([
    ["missing data", () => ({ session_id: sessionId })],
    ["missing session_id", () => ({ data: "hi" })],
    ["data of the wrong type", () => ({ data: 42, session_id: sessionId })],
    ["data as an object", () => ({ data: { text: "hi" }, session_id: sessionId })],
    ["blank data", () => ({ data: "   \n\t ", session_id: sessionId })],
    ["empty data", () => ({ data: "", session_id: sessionId })],
    ["a session_id that is not a UUID", () => ({ data: "hi", session_id: "../../etc/passwd" })],
    ["a numeric session_id", () => ({ data: "hi", session_id: 12 })],
    ["a NUL character", () => ({ data: "a\u0000b", session_id: sessionId })],
  ])("400 for %s", async (_name, body) => {
    const error = await expectError(await ada.postJson("/api", body()), 400);
    expect(error.length).toBeGreaterThan(5);
  });

  it("says which field is wrong", async () => {
    expect(await expectError(await ada.postJson("/api", { data: "", session_id: sessionId }), 400)).toMatch(
      /data/,
    );
    expect(await expectError(await ada.postJson("/api", { data: "x", session_id: "nope" }), 400)).toMatch(
      /session_id/,
    );
  });

  it("413 for a 2 MB message, and for a message over the character limit", async () => {
    const huge = "x".repeat(2 * 1024 * 1024);
    await expectError(await ada.postJson("/api", { data: huge, session_id: sessionId }), 413);
    const long = "y".repeat(100_001);
    expect(await expectError(await ada.postJson("/api", { data: long, session_id: sessionId }), 413)).toMatch(
      /100000 characters/,
    );
  });

  it("413 for a body that lies about its length or streams past the limit", async () => {
    const response = await ada.fetch("/api", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode("a".repeat(64 * 1024)));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    await expectError(response, 413);
  });

  it("stores nothing for refused requests, and the server still answers afterwards", async () => {
    expect(await messagesOf(databaseUrl, sessionId)).toEqual([]);
    const response = await ada.postJson("/api", { data: "still there?", session_id: sessionId });
    expect(response.status).toBe(200);
    expect((await fetch(`${appUrl}/api/health`)).status).toBe(200);
  });
});

describe("cross-site requests", () => {
  it.each([
    ["/api", () => ({ data: "forged", session_id: sessionId })],
    ["/api/new-session", () => ({})],
  ])("POST %s from another origin is refused with 403 and changes nothing", async (path, body) => {
    const before = await messagesOf(databaseUrl, sessionId);
    const response = await ada.postJson(path, body(), { origin: "https://evil.example" });
    await expectError(response, 403);
    const fetchSite = await ada.postJson(path, body(), { "sec-fetch-site": "cross-site" });
    await expectError(fetchSite, 403);
    expect(await messagesOf(databaseUrl, sessionId)).toEqual(before);
  });

  it("accepts the app's own origin", async () => {
    const response = await ada.postJson(
      "/api/new-session",
      {},
      { origin: appUrl, "sec-fetch-site": "same-origin" },
    );
    expect(response.status).toBe(200);
  });
});
