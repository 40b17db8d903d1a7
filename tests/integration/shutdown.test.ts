// SIGTERM: the instance drains. /api/health says "draining" (503) so a balancer moves on, new
// replies are refused (503), the replies being written finish within SHUTDOWN_GRACE_MS or are then
// stored as interrupted with their text, no reply is left streaming, and the server exits 0.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { messagesOf } from "../fixtures/db-query";
import { type Client, loggedInClient } from "../fixtures/http-client";
import { expectedReply, type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { follow } from "../fixtures/sse";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, createUser } from "../fixtures/users";

let database: TestDatabase;
let mock: MockOpenAI;

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  await createUser(ADA, { DATABASE_URL: database.url });
});

afterAll(async () => {
  await mock?.close();
  await database?.drop();
});

async function serverWithGrace(graceMs: number): Promise<{ app: AppServer; ada: Client }> {
  const app = await startApp(
    {
      DATABASE_URL: database.url,
      OPENAI_BASE_URL: mock.baseURL,
      OPENAI_MODEL: "mock",
      SHUTDOWN_GRACE_MS: String(graceMs),
    },
    undefined,
    { direct: true },
  );
  return { app, ada: await loggedInClient(app.url, ADA.username, ADA.password) };
}

// Each test starts a server of its own (migrating first) and waits for it to stop.
const OWN_SERVER_TIMEOUT_MS = 90_000;

describe("SIGTERM", () => {
  it(
    "drains: health says so, new replies are refused, the reply being written finishes, exit 0",
    async () => {
      const { app, ada } = await serverWithGrace(20_000);
      const sessionId = await ada.newSession();
      const another = await ada.newSession();
      const text = "Tell the long story of the lighthouse at the end of the harbour wall [[delay:60]]";
      const reading = follow(
        await ada.postJson("/api", { data: text, session_id: sessionId }, { accept: "text/event-stream" }),
      );
      await reading.deltas(2);
      process.kill(app.processGroup, "SIGTERM");

      await expect.poll(async () => (await fetch(`${app.url}/api/health`)).status).toBe(503);
      const health = await fetch(`${app.url}/api/health`);
      expect(await health.json()).toEqual({ status: "draining" });
      const refused = await ada.postJson("/api", {
        data: "One more?",
        session_id: another,
      });
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { code: string }).code).toBe("unavailable:draining");

      const { done } = await reading.done;
      expect(done?.message).toMatchObject({ status: "complete", content: expectedReply(text, 1) });
      expect(await app.exited).toBe(0);
      const stored = await messagesOf(database.url, sessionId);
      expect(stored.at(-1)).toMatchObject({ status: "complete", content: expectedReply(text, 1) });
    },
    OWN_SERVER_TIMEOUT_MS,
  );

  it(
    "past the grace, a reply still being written is stored as interrupted, with its text so far",
    async () => {
      const { app, ada } = await serverWithGrace(500);
      const sessionId = await ada.newSession();
      const reading = follow(
        await ada.postJson(
          "/api",
          { data: "Start, then go quiet [[hang-after:3]]", session_id: sessionId },
          { accept: "text/event-stream" },
        ),
      );
      // Some of it has arrived (as one event or several: the first words wait for the messages to be saved).
      await reading.deltas(1);
      const started = Date.now();
      process.kill(app.processGroup, "SIGTERM");
      expect(await app.exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      const { text, done } = await reading.done;
      expect(done?.message.status).toBe("error");
      const stored = await messagesOf(database.url, sessionId);
      const reply = stored.at(-1);
      expect(reply).toMatchObject({
        role: "assistant",
        status: "error",
        error: "Interrupted: the server stopped while writing this reply.",
      });
      expect(reply?.content).toBe(text);
      expect(reply?.content.length).toBeGreaterThan(0);
      expect(stored.some((message) => message.status === "streaming")).toBe(false);
    },
    OWN_SERVER_TIMEOUT_MS,
  );
});
