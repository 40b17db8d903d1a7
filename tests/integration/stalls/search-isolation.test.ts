import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlitePathOf } from "@/lib/db/provider";
import { indexNotedMessages } from "@/lib/db/search-index-batches";
import { registerSqliteSearchFunctions } from "@/lib/search/segment";
import { type AppServer, startApp } from "../../fixtures/app-server";
import { query } from "../../fixtures/db-query";
import { type Client, loggedInClient } from "../../fixtures/http-client";
import { createTestDatabase, type TestDatabase } from "../../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../../fixtures/users";

// An app of its own: one user holds almost every match of a word, another a single old one.
let database: TestDatabase;
let app: AppServer;
let ada: Client;
let babbage: Client;

type Hit = { session_id: string; snippet: string; message_id: string | null };

function exportOf(title: string, contents: string[], at: number) {
  return {
    format: "chat-history-export",
    version: 1,
    conversations: [
      {
        title,
        created_at: new Date(at).toISOString(),
        updated_at: new Date(at + contents.length).toISOString(),
        messages: contents.map((content, index) => ({
          role: index % 2 === 0 ? "user" : "assistant",
          content,
          timestamp: new Date(at + index).toISOString(),
        })),
      },
    ],
  };
}

async function search(client: Client, q: string): Promise<Hit[]> {
  const response = await client.fetch(`/api/search?q=${encodeURIComponent(q)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Hit[];
}

/** The longest /api/health took, polled continuously while `work` runs. */
async function slowestHealthDuring(work: Promise<unknown>): Promise<number> {
  let done = false;
  void work.finally(() => {
    done = true;
  });
  let slowest = 0;
  while (!done) {
    const started = performance.now();
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    slowest = Math.max(slowest, performance.now() - started);
  }
  await work;
  return slowest;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await createUser(ADA, { DATABASE_URL: database.url });
  await createUser(BABBAGE, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: database.url });
  ada = await loggedInClient(app.url, ADA.username, ADA.password);
  babbage = await loggedInClient(app.url, BABBAGE.username, BABBAGE.password);
  const at = Date.now() - 86_400_000;
  const adaImport = await ada.postJson(
    "/api/import",
    exportOf("Ada's notes", ["my zeppelin sketch", "noted"], at),
  );
  expect(adaImport.status).toBe(200);
  // 9,000 newer messages of Babbage's with the same word: more than the old design's four windows of
  // 2,000 candidates, all of which were taken before the owner was looked at.
  const many = Array.from({ length: 9_000 }, (_, i) => `zeppelin flight log ${i}`);
  const babbageImport = await babbage.postJson("/api/import", exportOf("Babbage's log", many, at + 60_000));
  expect(babbageImport.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

describe("search is scoped to its user inside the index", () => {
  it("finds a user's own old message however many newer matches others have", async () => {
    const hits = await search(ada, "zeppelin");
    expect(hits.map((hit) => hit.snippet)).toEqual(["my zeppelin sketch"]);
    expect((await search(babbage, "zeppelin")).length).toBe(1);
  });

  it("bounds the work per message: a huge stored message of one repeated word stalls nobody", async () => {
    // Written the way an older version let imports store them: straight into the table, and indexed
    // as it then was, by the statement that wrote them (the app now writes at most
    // MAX_REPLY_CHARS a message, and on SQLite indexes what it writes in batches of bounded size).
    const [conversation] = await query<{ id: string }>(
      database.url,
      `SELECT c."id" FROM "conversations" c JOIN "users" u ON u."id" = c."user_id" WHERE u."username" = $1`,
      [BABBAGE.username],
    );
    const [owner] = await query<{ id: string }>(
      database.url,
      `SELECT "id" FROM "users" WHERE "username" = $1`,
      [BABBAGE.username],
    );
    const huge = "wordy ".repeat(800_000);
    const now = new Date();
    const stamp = database.provider === "sqlite" ? now.toISOString() : now;
    for (const id of ["01930000-0000-7000-8000-000000000001", "01930000-0000-7000-8000-000000000002"]) {
      await query(
        database.url,
        `INSERT INTO "messages" ("id", "conversation_id", "user_id", "role", "content", "status", "created_at", "updated_at")
         VALUES ($1, $2, $3, 'assistant', $4, 'complete', $5, $5)`,
        [id, conversation?.id, owner?.id, huge, stamp],
      );
    }
    if (database.provider === "sqlite") {
      const sqlite = new Database(sqlitePathOf(database.url), { timeout: 10_000 });
      registerSqliteSearchFunctions(sqlite);
      while (indexNotedMessages(sqlite)) {
        // the next one
      }
      sqlite.close();
    }
    const searching = search(babbage, "wordy");
    const slowest = await slowestHealthDuring(searching);
    expect((await searching).length).toBe(1);
    expect(slowest).toBeLessThan(300);
    // Another user's search for the same word neither finds those messages nor waits on them.
    const started = performance.now();
    expect(await search(ada, "wordy")).toEqual([]);
    expect(performance.now() - started).toBeLessThan(500);
  }, 60_000);
});
