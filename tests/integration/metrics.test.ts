// GET /api/metrics: Prometheus metrics for a caller with the METRICS_TOKEN, and for no one else;
// no such route when the token is not set. And what it counts of the collection once the server is
// quiet (IDLE_COLLECT_SECONDS, a second here): it runs after work, as npm start runs the server,
// and never while a reply is being streamed; the scrapes that watch for it are not work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { type Client, loggedInClient } from "../fixtures/http-client";
import { type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase, testDatabaseProvider } from "../fixtures/test-database";
import { ADA, createUser } from "../fixtures/users";

const provider = testDatabaseProvider();
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

const scrape = (authorization?: string) =>
  fetch(`${app.url}/api/metrics`, { headers: authorization ? { authorization } : {} });

/** The value of one sample, by its name and labels as Prometheus writes them. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("GET /api/metrics", () => {
  it("counts requests by route and status, time to first token, model errors and replies in flight", async () => {
    const sessionId = await ada.newSession();
    expect((await ada.postJson("/api", { data: "Count me", session_id: sessionId })).status).toBe(200);
    expect((await ada.postJson("/api", { data: "Fail [[status:500]]", session_id: sessionId })).status).toBe(
      502,
    );
    expect((await ada.fetch(`/api/sessions/${sessionId}`)).status).toBe(200);
    expect((await ada.fetch("/no/such/page/at/all")).status).toBe(404);

    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(
      sample(text, 'chat_http_requests_total{method="POST",route="/api",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'chat_http_requests_total{method="POST",route="/api",status="502"}'),
    ).toBeGreaterThanOrEqual(1);
    // Ids in paths become placeholders; paths the app does not serve are one label.
    expect(
      sample(text, 'chat_http_requests_total{method="GET",route="/api/sessions/:id",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(sessionId);
    expect(text).not.toContain("/no/such/page");
    expect(sample(text, "chat_time_to_first_token_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'chat_model_errors_total{failure="upstream"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, "chat_replies_in_flight")).toBe(0);
    // Node.js's own: the process's CPU and memory, and how late its event loop runs.
    expect(sample(text, "process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(sample(text, "nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
    expect(sample(text, "nodejs_eventloop_lag_p99_seconds")).toBeGreaterThan(0);
    if (provider === "postgres")
      expect(sample(text, 'chat_database_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    else expect(text).not.toContain('chat_database_pool_connections{state="total"}');
  });

  it("is refused without the token, with a wrong one, and to a logged-in user's cookie", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await ada.fetch("/api/metrics")).status).toBe(401);
  });

  it("is not there at all when METRICS_TOKEN is unset", async () => {
    const { METRICS_TOKEN: _, ...withoutToken } = app.env;
    const plain = await startApp(withoutToken);
    try {
      expect(
        (await fetch(`${plain.url}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
      ).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});

describe("the collection once the server is quiet", () => {
  const collections = async () => {
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    return sample(await response.text(), "chat_idle_collections_total") ?? Number.NaN;
  };
  /** Scrapes until the count of collections is `count` at least; gives up after 15 s. */
  const collectionsReach = async (count: number) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const seen = await collections();
      if (seen >= count || Date.now() > deadline) return seen;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

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
