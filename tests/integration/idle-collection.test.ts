// The server's collection once it has gone quiet (IDLE_COLLECT_SECONDS): it runs after work, as
// npm start runs the server, and never while a reply is being streamed; the metric scrapes that
// watch for it do not count as work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { type Client, loggedInClient } from "../fixtures/http-client";
import { type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, createUser } from "../fixtures/users";

const TOKEN = "metrics-token-for-the-scraper-1";
let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;
let ada: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  await createUser(ADA, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: mock.baseURL,
    OPENAI_MODEL: "mock",
    METRICS_TOKEN: TOKEN,
    IDLE_COLLECT_SECONDS: "1",
  });
  ada = await loggedInClient(app.url, ADA.username, ADA.password);
});

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

async function collections(): Promise<number> {
  const response = await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  const line = (await response.text())
    .split("\n")
    .find((text) => text.startsWith("chat_idle_collections_total "));
  return Number(line?.split(" ")[1]);
}

/** Scrapes until the count of collections is `count`; fails after 15 s. */
async function collectionsReach(count: number): Promise<number> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const seen = await collections();
    if (seen >= count || Date.now() > deadline) return seen;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the collection once the server is quiet", () => {
  it("runs after work and not while a reply is streaming", async () => {
    // Logging in was work: the server collects once it has been quiet for a second.
    const first = await collectionsReach(1);
    expect(first).toBeGreaterThanOrEqual(1);

    // A reply that streams for about three seconds: no collection while it does.
    const sessionId = await ada.newSession();
    const streamed = await ada.postJson(
      "/api",
      { data: "A slow answer [[delay:500]]", session_id: sessionId },
      { accept: "text/event-stream" },
    );
    expect(streamed.status).toBe(200);
    const startedAt = Date.now();
    await streamed.text();
    expect(Date.now() - startedAt).toBeGreaterThan(2_000);
    expect(await collections()).toBe(first);

    // Once it has ended and the server has been quiet again, one more.
    expect(await collectionsReach(first + 1)).toBe(first + 1);
  });
});
