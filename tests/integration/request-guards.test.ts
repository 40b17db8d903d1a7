import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, ROOT, startApp } from "../fixtures/app-server";
import { messagesOf, query } from "../fixtures/db-query";
import { Client, createApiToken, loggedInClient, TokenClient } from "../fixtures/http-client";
import { type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, createUser } from "../fixtures/users";

// An app of its own, so that its log holds only what these tests did.
const CHIEF = { username: "chief", password: "chief-password-1" };
let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;
let ada: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  await createUser(CHIEF, { DATABASE_URL: database.url });
  await createUser(ADA, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: database.url, OPENAI_BASE_URL: mock.baseURL });
  ada = await loggedInClient(app.url, ADA.username, ADA.password);
});

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

describe("before anyone has logged in", () => {
  it("a login body over a few kilobytes is refused before next-auth reads it", async () => {
    const client = new Client(app.url);
    const { csrfToken } = (await (await client.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await client.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        username: ADA.username,
        password: ADA.password,
        csrfToken,
        padding: "p".repeat(200_000),
      }),
    });
    expect(response.status).toBe(413);
    expect(client.loggedIn).toBe(false);
  });

  it("a tampered login cookie is no login", async () => {
    const cookie = ada.cookieHeader();
    const value = /next-auth\.session-token=([^;]+)/.exec(cookie)?.[1] as string;
    const flipped = `${value.slice(0, 40)}${value[40] === "A" ? "B" : "A"}${value.slice(41)}`;
    const forged = new Client(app.url);
    forged.setCookies(`next-auth.session-token=${flipped}`);
    expect((await forged.fetch("/api/sessions")).status).toBe(401);
    forged.setCookies(`next-auth.session-token=${value.slice(0, -10)}`);
    expect((await forged.fetch("/api/sessions")).status).toBe(401);
  });

  it("a login never sends the browser to another site afterwards", async () => {
    const client = new Client(app.url);
    const { csrfToken } = (await (await client.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    for (const target of ["https://evil.example/", "//evil.example/x", "/\\evil.example"]) {
      const response = await client.fetch("/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          username: ADA.username,
          password: ADA.password,
          csrfToken,
          callbackUrl: target,
          json: "true",
        }),
      });
      const { url } = (await response.json()) as { url: string };
      expect(new URL(url, app.url).origin).toBe(new URL(app.url).origin);
    }
  });
});

describe("bodies must say they are JSON", () => {
  it("POST /api with a text/plain body (a form another site can send without asking) is 415, and nothing is saved", async () => {
    const sessionId = await ada.newSession();
    const response = await ada.fetch("/api", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ data: "forged", session_id: sessionId }),
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { code: string }).code).toBe("unsupported_media_type:body");
    expect(await messagesOf(database.url, sessionId)).toEqual([]);
    const form = await ada.fetch(`/api/sessions/${sessionId}`, {
      method: "PATCH",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "title=forged",
    });
    expect(form.status).toBe(415);
  });

  it("bodiless calls need no type: a new conversation, stop, regenerate with nothing sent", async () => {
    const created = await ada.fetch("/api/new-session", { method: "POST" });
    expect(created.status).toBe(200);
    const { session_id: sessionId } = (await created.json()) as { session_id: string };
    expect((await ada.fetch(`/api/sessions/${sessionId}/stop`, { method: "POST" })).status).toBe(200);
    expect((await ada.postJson("/api", { data: "hello", session_id: sessionId })).status).toBe(200);
    expect((await ada.fetch(`/api/sessions/${sessionId}/regenerate`, { method: "POST" })).status).toBe(200);
  });
});

describe("private answers", () => {
  it("every /api answer says no-store, errors and streams included", async () => {
    const sessionId = await ada.newSession();
    const answers = [
      await ada.fetch("/api/sessions"),
      await ada.fetch(`/api/sessions/${sessionId}`),
      await new Client(app.url).fetch("/api/sessions"),
      await ada.postJson("/api", { data: "" }),
      await ada.postJson(
        "/api",
        { data: "streamed", session_id: sessionId },
        { accept: "text/event-stream" },
      ),
      await ada.fetch("/api/export"),
    ];
    for (const response of answers) {
      expect(response.headers.get("cache-control")).toContain("no-store");
      await response.body?.cancel();
    }
  });
});

describe("pages are for a login session", () => {
  it("an administrator's API token opens neither /admin nor /settings", async () => {
    await query(database.url, `UPDATE "users" SET "role" = 'admin' WHERE "username" = $1`, [CHIEF.username]);
    const chief = await loggedInClient(app.url, CHIEF.username, CHIEF.password);
    expect((await chief.fetch("/admin")).status).toBe(200);
    const { token } = await createApiToken(chief, "script");
    for (const page of ["/admin", "/settings", "/interact_history"]) {
      const response = await new TokenClient(app.url, token).fetch(page);
      expect(response.status).toBe(307);
      expect(new URL(response.headers.get("location") ?? "", app.url).pathname).toBe("/");
    }
    // The token still works where tokens do.
    expect((await new TokenClient(app.url, token).fetch("/api/sessions")).status).toBe(200);
  });
});

describe("search takes any text as plain words", () => {
  it.each([
    '"',
    '" OR content:*',
    "NEAR(a b",
    "a* - ^b",
    "owner : u1",
    "'; DROP TABLE messages; --",
    "(((",
    "🙂",
  ])("%s", async (q) => {
    const response = await ada.fetch(`/api/search?q=${encodeURIComponent(q)}`);
    expect([200, 400]).toContain(response.status);
    if (response.status === 200) expect(Array.isArray(await response.json())).toBe(true);
  });
});

describe("the server's log", () => {
  it("says nothing of clients that went away mid-reply", async () => {
    const sessionId = await ada.newSession();
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      const response = await ada.fetch("/api", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ data: `leaving early ${i} [[delay:30]]`, session_id: sessionId }),
        signal: controller.signal,
      });
      const reader = response.body?.getReader();
      await reader?.read();
      controller.abort();
      await reader?.cancel().catch(() => {});
    }
    // The replies still finish and are stored; then the log is read.
    const deadline = Date.now() + 10_000;
    while ((await messagesOf(database.url, sessionId)).some((m) => m.status === "streaming")) {
      if (Date.now() > deadline) throw new Error("the replies did not finish");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const log = readFileSync(path.join(ROOT, "test-results", "logs", `app-${app.port}.log`), "utf8");
    expect(log).not.toMatch(/^\s+at /m);
    expect(log).not.toMatch(/aborted|ECONNRESET/i);
  });
});
