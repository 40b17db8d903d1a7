import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { messagesOf } from "../fixtures/db-query";
import { type Client, loggedInClient } from "../fixtures/http-client";
import { type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../fixtures/users";

let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;

const LIMIT = 3;

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  await createUser(ADA, { DATABASE_URL: database.url });
  await createUser(BABBAGE, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: mock.baseURL,
    MESSAGES_PER_DAY: String(LIMIT),
  });
});

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

async function newUser(name: string): Promise<Client> {
  const user = { username: name, password: `${name}-password-1` };
  await createUser(user, { DATABASE_URL: database.url });
  return loggedInClient(app.url, user.username, user.password);
}

describe("MESSAGES_PER_DAY", () => {
  it("past it, POST /api answers 429 with Retry-After and says when chatting can resume", async () => {
    const ada = await loggedInClient(app.url, ADA.username, ADA.password);
    const sessionId = await ada.newSession();
    for (let i = 0; i < LIMIT; i++) {
      expect((await ada.postJson("/api", { data: `message ${i}`, session_id: sessionId })).status).toBe(200);
    }
    const refused = await ada.postJson("/api", { data: "one too many", session_id: sessionId });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(23 * 3600);
    expect(retryAfter).toBeLessThanOrEqual(24 * 3600);
    const body = (await refused.json()) as { error: string; code: string; retry_at: string };
    expect(body.error).toMatch(
      /^You have sent 3 messages in the last 24 hours, the most allowed\. You can chat again in 2[34] hours?/,
    );
    // The time is given to the client, which shows it in the user's own time zone; not in the text.
    expect(body.error).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(body.code).toBe("rate_limit:quota");
    expect(Math.abs(Date.parse(body.retry_at) - (Date.now() + retryAfter * 1000))).toBeLessThan(5_000);
    expect((await messagesOf(database.url, sessionId)).filter((m) => m.role === "user")).toHaveLength(LIMIT);

    // Regenerating is a model call too.
    expect((await ada.postJson(`/api/sessions/${sessionId}/regenerate`, {})).status).toBe(429);

    // Other users have their own quota.
    const babbage = await loggedInClient(app.url, BABBAGE.username, BABBAGE.password);
    const theirs = await babbage.newSession();
    expect((await babbage.postJson("/api", { data: "hello", session_id: theirs })).status).toBe(200);
  });

  it("says 'message' for a quota of one", async () => {
    const single = await startApp({ ...app.env, MESSAGES_PER_DAY: "1" });
    try {
      const client = await loggedInClient(single.url, BABBAGE.username, BABBAGE.password);
      const sessionId = await client.newSession();
      const refused = await client.postJson("/api", { data: "over", session_id: sessionId });
      expect(((await refused.json()) as { error: string }).error).toMatch(/^You have sent 1 message in/);
    } finally {
      await single.stop();
    }
  });

  it("holds against parallel requests: of 12 sent at once, exactly the quota's worth are answered", async () => {
    const racer = await newUser("racer");
    const conversations = await Promise.all(Array.from({ length: 4 }, () => racer.newSession()));
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        racer.postJson("/api", { data: `race ${i}`, session_id: conversations[i % 4] as string }),
      ),
    );
    expect(responses.filter((response) => response.status === 200)).toHaveLength(LIMIT);
    expect(responses.filter((response) => response.status === 429)).toHaveLength(12 - LIMIT);
    let saved = 0;
    for (const sessionId of conversations) {
      saved += (await messagesOf(database.url, sessionId)).filter((m) => m.role === "user").length;
    }
    expect(saved).toBe(LIMIT);
  });

  it("counts regenerations and edits, and deleting a conversation gives nothing back", async () => {
    const counted = await newUser("counted");
    const sessionId = await counted.newSession();
    expect((await counted.postJson("/api", { data: "first", session_id: sessionId })).status).toBe(200);
    expect((await counted.postJson(`/api/sessions/${sessionId}/regenerate`, {})).status).toBe(200);
    expect(
      (await counted.postJson(`/api/sessions/${sessionId}/edit`, { data: "first, edited" })).status,
    ).toBe(200);
    expect((await counted.fetch(`/api/sessions/${sessionId}`, { method: "DELETE" })).status).toBe(204);
    const fresh = await counted.newSession();
    expect((await counted.postJson("/api", { data: "after deleting", session_id: fresh })).status).toBe(429);
  });
});

describe("TOKENS_PER_DAY", () => {
  it("past it, POST /api, regenerate and edit answer 429 with Retry-After; summaries count too", async () => {
    const limited = await startApp({ ...app.env, MESSAGES_PER_DAY: "", TOKENS_PER_DAY: "60" });
    try {
      const spender = { username: "spender", password: "spender-password-1" };
      await createUser(spender, { DATABASE_URL: database.url });
      const client = await loggedInClient(limited.url, spender.username, spender.password);
      const sessionId = await client.newSession();
      const answered: number[] = [];
      let refused: Response | undefined;
      for (let i = 0; i < 20 && !refused; i++) {
        const response = await client.postJson("/api", {
          data: `Spend some tokens on looms ${i}`,
          session_id: sessionId,
        });
        if (response.status === 429) refused = response;
        else answered.push(response.status);
      }
      expect(answered.length).toBeGreaterThan(0);
      expect(answered.every((status) => status === 200)).toBe(true);
      if (!refused) throw new Error("TOKENS_PER_DAY never refused a message");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(23 * 3600);
      const body = (await refused.json()) as { error: string; code: string };
      expect(body.code).toBe("rate_limit:quota");
      expect(body.error).toMatch(/^You have used 60 tokens in the last 24 hours, the most allowed\./);
      expect((await client.postJson(`/api/sessions/${sessionId}/regenerate`, {})).status).toBe(429);
      expect((await client.postJson(`/api/sessions/${sessionId}/edit`, { data: "edited" })).status).toBe(429);

      // What the ledger holds for the user is at least the limit, and their report says so.
      const usage = (await (await client.fetch("/api/usage?days=1")).json()) as {
        prompt_tokens: number;
        completion_tokens: number;
        messages: number;
      };
      expect(usage.prompt_tokens + usage.completion_tokens).toBeGreaterThanOrEqual(60);
      expect(usage.messages).toBe(answered.length);
    } finally {
      await limited.stop();
    }
  });
});
