import { afterAll, beforeAll, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { messagesOf } from "../fixtures/db-query";
import { loggedInClient } from "../fixtures/http-client";
import { type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../fixtures/users";

let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  createUser(ADA, { DATABASE_URL: database.url });
  createUser(BABBAGE, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: database.url, OPENAI_BASE_URL: mock.baseURL, MESSAGES_PER_DAY: "3" });
});

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

it("past MESSAGES_PER_DAY, POST /api answers 429 with Retry-After and says when chatting can resume", async () => {
  const ada = await loggedInClient(app.url, ADA.username, ADA.password);
  const sessionId = await ada.newSession();
  for (let i = 0; i < 3; i++) {
    expect((await ada.postJson("/api", { data: `message ${i}`, session_id: sessionId })).status).toBe(200);
  }
  const refused = await ada.postJson("/api", { data: "one too many", session_id: sessionId });
  expect(refused.status).toBe(429);
  const retryAfter = Number(refused.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(23 * 3600);
  expect(retryAfter).toBeLessThanOrEqual(24 * 3600);
  expect(((await refused.json()) as { error: string }).error).toMatch(
    /3 messages in the last 24 hours.*chat again in 2[34] hours/,
  );
  expect((await messagesOf(database.url, sessionId)).filter((m) => m.role === "user")).toHaveLength(3);

  // Regenerating is a model call too.
  expect((await ada.postJson(`/api/sessions/${sessionId}/regenerate`, {})).status).toBe(429);

  // Other users have their own quota.
  const babbage = await loggedInClient(app.url, BABBAGE.username, BABBAGE.password);
  const theirs = await babbage.newSession();
  expect((await babbage.postJson("/api", { data: "hello", session_id: theirs })).status).toBe(200);
});
