import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { indexNotedMessages } from "@/lib/db/search-index-batches";
import { registerSqliteSearchFunctions } from "@/lib/search/segment";

// SQLite's search index takes messages in batches (migration 0021): the triggers note each message
// written and lib/db/search-index-batches.ts indexes what is noted. Whatever happens to a message
// before its batch (it is changed, stopped, deleted), the index must end up holding exactly the
// messages that are not streaming, as they are, which FTS5's integrity check compares.

let dir: string;
let sqlite: Database.Database;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "search-index-"));
  const file = path.join(dir, "chat.db");
  await migrate(`file:${file}`);
  sqlite = new Database(file);
  registerSqliteSearchFunctions(sqlite);
  const at = new Date().toISOString();
  sqlite
    .prepare(
      `INSERT INTO "users" ("id", "username", "password_hash", "role", "created_at") VALUES ('u1', 'ada', 'x', 'user', ?)`,
    )
    .run(at);
  sqlite
    .prepare(
      `INSERT INTO "conversations" ("id", "user_id", "created_at", "updated_at") VALUES ('c1', 'u1', ?, ?)`,
    )
    .run(at, at);
});

afterEach(() => {
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

function write(id: string, content: string, status = "complete") {
  const at = new Date().toISOString();
  sqlite
    .prepare(
      `INSERT INTO "messages" ("id", "conversation_id", "user_id", "role", "content", "status", "created_at", "updated_at")
       VALUES (?, 'c1', 'u1', 'user', ?, ?, ?, ?)`,
    )
    .run(id, content, status, at, at);
}

const update = (id: string, changes: { content?: string; status?: string }) =>
  sqlite
    .prepare(
      `UPDATE "messages" SET "content" = coalesce(?, "content"), "status" = coalesce(?, "status") WHERE "id" = ?`,
    )
    .run(changes.content ?? null, changes.status ?? null, id);

const remove = (id: string) => sqlite.prepare(`DELETE FROM "messages" WHERE "id" = ?`).run(id);

function indexAll() {
  while (indexNotedMessages(sqlite)) {
    // the next batch
  }
}

/** The ids of the messages the index finds for `word`. */
const found = (word: string) =>
  (
    sqlite
      .prepare(
        `SELECT m."id" FROM "messages_fts" JOIN "messages" m ON m."rowid" = "messages_fts"."rowid"
         WHERE "messages_fts" MATCH ? ORDER BY m."id"`,
      )
      .all(`"content" : ${word}`) as { id: string }[]
  ).map((row) => row.id);

const noted = () =>
  (sqlite.prepare(`SELECT count(*) AS "n" FROM "messages_fts_pending"`).get() as { n: number }).n;

/**
 * FTS5's own check (it throws when it fails): of the index's structure, and, once nothing is noted,
 * that it holds exactly what the messages that are not streaming hold.
 */
const assertSound = () =>
  sqlite
    .prepare(`INSERT INTO "messages_fts" ("messages_fts", "rank") VALUES ('integrity-check', ?)`)
    .run(noted() === 0 ? 1 : 0);

describe("the search index on SQLite", () => {
  it("takes a message written when its batch is indexed, not before", () => {
    write("m1", "the ocelot sleeps");
    expect(found("ocelot")).toEqual([]);
    expect(noted()).toBe(1);
    indexAll();
    expect(found("ocelot")).toEqual(["m1"]);
    expect(noted()).toBe(0);
    assertSound();
  });

  it("stays sound whatever happens to a message before or after its batch", () => {
    write("before-changed", "the ocelot sleeps");
    update("before-changed", { content: "the margay climbs" });
    write("before-deleted", "the ocelot hunts");
    remove("before-deleted");
    write("streaming", "", "streaming");
    update("streaming", { content: "the ocelot purrs" });
    write("stopped", "", "streaming");
    update("stopped", { content: "the ocelot yawns" });
    update("stopped", { status: "stopped" });
    write("indexed-then-changed", "the ocelot runs");
    write("indexed-then-deleted", "the ocelot swims");
    indexAll();
    update("indexed-then-changed", { content: "the margay runs" });
    remove("indexed-then-deleted");
    write("after", "the ocelot waits");
    // Before the next batch, the changed message is in neither version, and the deleted one gone.
    expect(found("ocelot")).toEqual(["stopped"]);
    assertSound();
    indexAll();
    expect(found("ocelot")).toEqual(["after", "stopped"]);
    expect(found("margay")).toEqual(["before-changed", "indexed-then-changed"]);
    expect(noted()).toBe(0);
    assertSound();
  });

  it("indexes a large backlog in batches of bounded size, each a transaction of its own", () => {
    const insert = sqlite.transaction(() => {
      for (let index = 0; index < 1_200; index++)
        write(`m${String(index).padStart(4, "0")}`, `ocelot number ${index}`);
    });
    insert();
    let batches = 0;
    while (indexNotedMessages(sqlite)) batches++;
    batches++;
    expect(batches).toBe(3);
    expect(found("ocelot")).toHaveLength(1_200);
    assertSound();
  });
});
