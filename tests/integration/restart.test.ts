import { afterAll, beforeAll, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { messagesOf } from "../fixtures/db-query";
import { loggedInClient } from "../fixtures/http-client";
import { expectedReply, type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { collect, follow, waitFor } from "../fixtures/sse";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, createUser } from "../fixtures/users";

let database: TestDatabase;
let mock: MockOpenAI;
let apps: AppServer[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  await createUser(ADA, { DATABASE_URL: database.url });
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await mock?.close();
  await database?.drop();
});

async function start() {
  const app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: mock.baseURL,
    STREAM_STALE_MS: "1500",
  });
  apps.push(app);
  return app;
}

it("a reply whose server was killed mid-stream is marked interrupted on restart, with its text and no duplicate", async () => {
  const first = await start();
  const ada = await loggedInClient(first.url, ADA.username, ADA.password);
  const sessionId = await ada.newSession();
  const text = `${"An essay on the history of the Jacquard loom and its punched cards. ".repeat(4)}[[delay:150]]`;
  const response = await ada.postJson(
    "/api",
    { data: text, session_id: sessionId },
    { accept: "text/event-stream" },
  );
  const seen = await collect(response, 4);
  // Wait for a checkpoint to hold at least the text seen so far.
  await waitFor(async () => {
    const [, reply] = await messagesOf(database.url, sessionId);
    return reply && reply.content.length >= seen.text.length ? true : undefined;
  });
  await first.kill();

  const [, stuck] = await messagesOf(database.url, sessionId);
  expect(stuck?.status).toBe("streaming");

  await new Promise((resolve) => setTimeout(resolve, 1_600));
  const second = await start();
  apps = apps.filter((app) => app !== first);
  const stored = await messagesOf(database.url, sessionId);
  expect(stored).toHaveLength(2);
  const [, reply] = stored;
  expect(reply?.status).toBe("error");
  expect(reply?.error).toMatch(/Interrupted/);
  expect(reply?.content.length).toBeGreaterThanOrEqual(seen.text.length);
  expect(expectedReply(text, 1).startsWith(reply?.content ?? "")).toBe(true);

  // The conversation goes on, and the interrupted reply is not resumed as if live.
  const again = await loggedInClient(second.url, ADA.username, ADA.password);
  expect((await again.fetch(`/api/sessions/${sessionId}/stream`)).status).toBe(204);
  const next = await again.postJson("/api", { data: "Carry on", session_id: sessionId });
  expect(next.status).toBe(200);
  expect(await messagesOf(database.url, sessionId)).toHaveLength(4);
});

it("a reader on another instance follows the reply, and sees it settle as stored when its server dies", async () => {
  const writer = await start();
  const readerApp = await start();
  const ada = await loggedInClient(writer.url, ADA.username, ADA.password);
  const sessionId = await ada.newSession();
  const text = `${"Another long one about analytical engines and their punched cards. ".repeat(6)}[[delay:150]]`;
  const response = await ada.postJson(
    "/api",
    { data: text, session_id: sessionId },
    { accept: "text/event-stream" },
  );
  await collect(response, 3);

  const reader = await loggedInClient(readerApp.url, ADA.username, ADA.password);
  const resumed = await reader.fetch(`/api/sessions/${sessionId}/stream`, {
    headers: { accept: "text/event-stream" },
  });
  expect(resumed.status).toBe(200);
  const following = follow(resumed);
  // The reader has been sent text from a checkpoint (beyond what the writer had at the start).
  await following.deltas(2);
  await writer.kill();
  apps = apps.filter((app) => app !== writer);

  const { text: seen, done } = await following.done;
  expect(done?.message.status).toBe("error");
  expect(done?.message.error).toMatch(/Interrupted/);
  // The reply ends as it was stored: its last checkpoint. (On Postgres the reader heard it live, and
  // may have had a few words more than reached the database before the writer died.)
  const [, stored] = await messagesOf(database.url, sessionId);
  expect(done?.message.content).toBe(stored?.content);
  expect(seen.startsWith(stored?.content ?? "-")).toBe(true);
  expect(stored?.content.length).toBeGreaterThan(0);
  expect(expectedReply(text, 1).startsWith(seen)).toBe(true);
});
