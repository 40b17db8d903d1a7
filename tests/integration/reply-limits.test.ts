import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { messagesOf } from "../fixtures/db-query";
import { type Client, loggedInClient } from "../fixtures/http-client";
import { type MockOpenAI, requestWith, startMockOpenAI, textOf } from "../fixtures/mock-openai";
import { collect } from "../fixtures/sse";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../fixtures/users";

// An app with small bounds on replies, and a model server of its own that counts its open streams.
let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;
let ada: Client;

const SSE = { accept: "text/event-stream" };

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  await createUser(ADA, { DATABASE_URL: database.url });
  await createUser(BABBAGE, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: mock.baseURL,
    MAX_REPLY_CHARS: "2000",
    MAX_REPLY_SECONDS: "2",
    MAX_CONCURRENT_REPLIES_PER_USER: "2",
    MAX_QUEUED_REPLIES_PER_USER: "3",
    MODEL_CONTEXT_CHARS: "1000",
  });
  ada = await loggedInClient(app.url, ADA.username, ADA.password);
});

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

describe("a reply that does not end", () => {
  it("stops at MAX_REPLY_CHARS, even after the client left, keeping its text and saying why", async () => {
    const sessionId = await ada.newSession();
    const response = await ada.postJson(
      "/api",
      { data: "talk forever [[endless]]", session_id: sessionId },
      SSE,
    );
    // The client goes away after the first words; the server must still stop the reply.
    await collect(response, 1);
    let reply = (await messagesOf(database.url, sessionId)).find((message) => message.role === "assistant");
    const deadline = Date.now() + 10_000;
    while (reply?.status === "streaming" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      reply = (await messagesOf(database.url, sessionId)).find((message) => message.role === "assistant");
    }
    expect(reply?.status).toBe("stopped");
    expect(reply?.content.length).toBe(2000);
    expect(reply?.error).toMatch(/limit of 2,000 characters/);
  });

  it("stops after MAX_REPLY_SECONDS, keeping its text", async () => {
    const sessionId = await ada.newSession();
    const started = Date.now();
    const { done } = await collect(
      await ada.postJson(
        "/api",
        { data: "slowly forever [[endless]] [[delay:100]]", session_id: sessionId },
        SSE,
      ),
    );
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(done?.message.status).toBe("stopped");
    expect(done?.message.content).toMatch(/^lorem ipsum/);
    expect(done?.message.error).toMatch(/longer than 2 s/);
  });
});

describe("what the model is sent", () => {
  it("is at most MODEL_CONTEXT_CHARS, even when the newest message alone is longer", async () => {
    const sessionId = await ada.newSession();
    const long = `START-OF-PASTE ${"z".repeat(5_000)} what does it say?`;
    expect((await ada.postJson("/api", { data: long, session_id: sessionId })).status).toBe(200);
    const sent = await requestWith(mock.baseURL, "START-OF-PASTE");
    const chars = (sent?.messages ?? []).reduce((sum, message) => sum + textOf(message.content).length, 0);
    expect(chars).toBeLessThanOrEqual(1000);
    expect(textOf(sent?.messages?.at(-1)?.content)).toMatch(/what does it say\?$/);
  });
});

describe("a user's replies are written a few at a time", () => {
  it("queues what is past MAX_CONCURRENT_REPLIES_PER_USER in order, refuses past the queue, and answers every one it took", async () => {
    await fetch(`${mock.url}/__stats/reset`, { method: "POST" });
    const conversations = await Promise.all(Array.from({ length: 6 }, () => ada.newSession()));
    // 2 are written at once, 3 wait, the 6th is refused; each reply takes a while.
    const sends = conversations.map((sessionId, i) =>
      ada.postJson("/api", { data: `queued reply ${i} [[delay:40]]`, session_id: sessionId }),
    );
    const responses = await Promise.all(sends);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = responses.find((response) => response.status === 429) as Response;
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string; code: string }).code).toBe("rate_limit:replies");
    expect(((await (await fetch(`${mock.url}/__stats`)).json()) as { maxOpen: number }).maxOpen).toBe(2);
    for (const [index, response] of responses.entries()) {
      const stored = await messagesOf(database.url, conversations[index] as string);
      if (response.status === 429) {
        // Refused before anything was saved.
        expect(stored).toEqual([]);
      } else {
        expect(((await response.json()) as { data: string }).data).toContain(`queued reply ${index}`);
        expect(stored.map((message) => message.status)).toEqual(["complete", "complete"]);
      }
    }
  });

  it("each user has a line of their own", async () => {
    const babbage = await loggedInClient(app.url, BABBAGE.username, BABBAGE.password);
    const mine = await Promise.all(Array.from({ length: 5 }, () => ada.newSession()));
    const theirs = await babbage.newSession();
    const busy = mine.map((sessionId) =>
      ada.postJson("/api", { data: "busy [[delay:30]]", session_id: sessionId }),
    );
    const other = await babbage.postJson("/api", { data: "my own turn", session_id: theirs });
    expect(other.status).toBe(200);
    expect((await Promise.all(busy)).map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
  });
});
