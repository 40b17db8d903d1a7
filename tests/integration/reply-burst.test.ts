import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { burst } from "../fixtures/burst";
import { type Client, loggedInClient } from "../fixtures/http-client";
import { expectedReply } from "../fixtures/mock-openai";
import { type ModelServer, startModelServer } from "../fixtures/model-server-process";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, createUser } from "../fixtures/users";

// 40 replies asked for at the same instant, by one user (their line raised for it): the server starts
// them a slice of time at a time (lib/http/request-slices.mjs), the rest waiting their turn.
const REPLIES = 40;

let database: TestDatabase;
let model: ModelServer;
let app: AppServer;
let ada: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  model = await startModelServer();
  await createUser(ADA, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: model.baseURL,
    OPENAI_MODEL: "mock-model",
    MAX_CONCURRENT_REPLIES_PER_USER: String(REPLIES),
  });
  ada = await loggedInClient(app.url, ADA.username, ADA.password);
});

afterAll(async () => {
  await app?.stop();
  await model?.stop();
  await database?.drop();
});

describe("a burst of replies", () => {
  it("answers every one of 40 replies asked for at the same instant, each stored whole in its own conversation", async () => {
    const conversations = await Promise.all(Array.from({ length: REPLIES }, () => ada.newSession()));
    const replies = await burst(
      {
        url: app.url,
        warmPath: "/api/health",
        headers: { cookie: ada.cookieHeader(), accept: "text/event-stream" },
      },
      "/api",
      conversations.map((id, index) => JSON.stringify({ data: `burst message ${index}`, session_id: id })),
      ["event: delta"],
    );

    replies.forEach((reply, index) => {
      expect(reply.marks["event: delta"]).toBeGreaterThan(0);
      expect(reply.text).toContain("event: done");
      expect(reply.text).toContain(JSON.stringify(expectedReply(`burst message ${index}`, 1)).slice(1, -1));
    });
    for (const [index, id] of conversations.entries()) {
      const history = (await (await ada.fetch(`/api/sessions/${id}`)).json()) as {
        messages: { role: string; content: string; status: string }[];
      };
      expect(history.messages.map((message) => [message.role, message.status])).toEqual([
        ["user", "complete"],
        ["assistant", "complete"],
      ]);
      expect(history.messages[1]?.content).toBe(expectedReply(`burst message ${index}`, 1));
    }
  });
});
