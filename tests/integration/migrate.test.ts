import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { query } from "../fixtures/db-query";
import { createTestDatabase, type TestDatabase, testDatabaseProvider } from "../fixtures/test-database";

const provider = testDatabaseProvider();
const created: TestDatabase[] = [];

afterEach(async () => {
  await Promise.all(created.splice(0).map((database) => database.drop()));
});

async function freshDatabase() {
  const database = await createTestDatabase();
  created.push(database);
  return database;
}

describe(`migrations on ${provider}`, () => {
  it("create the whole schema on an empty database, once", async () => {
    const database = await freshDatabase();
    const all = readMigrations(provider).map((migration) => migration.name);
    expect(await migrate(database.url)).toEqual(all);
    expect(await migrate(database.url)).toEqual([]);
    const ledger = await query<{ name: string }>(
      database.url,
      `SELECT "name" FROM "_migrations" ORDER BY "name"`,
    );
    expect(ledger.map((row) => row.name)).toEqual(all);
    for (const table of ["users", "auth_sessions", "conversations", "messages"]) {
      expect(await query(database.url, `SELECT COUNT(*) AS n FROM "${table}"`)).toHaveLength(1);
    }
  });

  it("apply a later migration to a database from an earlier version, keeping its data", async () => {
    const database = await freshDatabase();
    const root = mkdtempSync(path.join(tmpdir(), "migrations-"));
    cpSync(path.resolve("prisma/migrations"), root, { recursive: true });
    await migrate(database.url, root);
    await query(
      database.url,
      `INSERT INTO "users" ("id", "username", "password_hash", "role", "created_at") VALUES ('u1', 'lovelace', 'x', 'user', CURRENT_TIMESTAMP)`,
    );

    writeFileSync(
      path.join(root, provider, "9999_add_nickname.sql"),
      `ALTER TABLE "users" ADD COLUMN "nickname" TEXT;\nUPDATE "users" SET "nickname" = 'Ada' WHERE "username" = 'lovelace';\n`,
    );
    expect(await migrate(database.url, root)).toEqual(["9999_add_nickname"]);
    expect(await query(database.url, `SELECT "username", "nickname" FROM "users"`)).toEqual([
      { username: "lovelace", nickname: "Ada" },
    ]);
  });

  it("index the Chinese and Japanese already stored when the search learns them (0008)", async () => {
    const database = await freshDatabase();
    const root = mkdtempSync(path.join(tmpdir(), "migrations-"));
    cpSync(path.resolve("prisma/migrations"), root, { recursive: true });
    // The database as it was before 0008: that migration and every later one are not there yet.
    const later = readMigrations(provider).filter((migration) => migration.name >= "0008");
    for (const migration of later) rmSync(path.join(root, provider, `${migration.name}.sql`));
    await migrate(database.url, root);
    const now = new Date().toISOString();
    await query(
      database.url,
      `INSERT INTO "users" ("id", "username", "password_hash", "role", "created_at") VALUES ('u1', 'lovelace', 'x', 'user', $1)`,
      [now],
    );
    await query(
      database.url,
      `INSERT INTO "conversations" ("id", "user_id", "title", "created_at", "updated_at") VALUES ('c1', 'u1', '旅行', $1, $1)`,
      [now],
    );
    await query(
      database.url,
      `INSERT INTO "messages" ("id", "conversation_id", "user_id", "role", "content", "status", "created_at", "updated_at")
       VALUES ('m1', 'c1', 'u1', 'user', '我喜欢北京的秋天', 'complete', $1, $1)`,
      [now],
    );
    for (const migration of later) {
      cpSync(
        path.resolve("prisma/migrations", provider, `${migration.name}.sql`),
        path.join(root, provider, `${migration.name}.sql`),
      );
    }
    expect(await migrate(database.url, root)).toContain("0008_cjk_search");
    const found =
      provider === "sqlite"
        ? await query(
            database.url,
            `SELECT m."id" FROM "messages_fts" JOIN "messages" m ON m."rowid" = "messages_fts"."rowid" WHERE "messages_fts" MATCH '"北 京"'`,
          )
        : await query(
            database.url,
            `SELECT "id" FROM "messages" WHERE "search" @@ (quote_literal('~' || "user_id" || ':北') || ' <-> ' || quote_literal('~' || "user_id" || ':京'))::tsquery`,
          );
    expect(found).toEqual([{ id: "m1" }]);
  });

  it("make each existing conversation one chain, ids kept, its last message the active leaf (0016)", async () => {
    const database = await freshDatabase();
    const root = mkdtempSync(path.join(tmpdir(), "migrations-"));
    cpSync(path.resolve("prisma/migrations"), root, { recursive: true });
    const later = readMigrations(provider).filter((migration) => migration.name >= "0016");
    for (const migration of later) rmSync(path.join(root, provider, `${migration.name}.sql`));
    await migrate(database.url, root);
    const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
    await query(
      database.url,
      `INSERT INTO "users" ("id", "username", "password_hash", "role", "created_at") VALUES ('u1', 'lovelace', 'x', 'user', $1)`,
      [at(0)],
    );
    for (const conversation of ["c1", "c2"]) {
      await query(
        database.url,
        `INSERT INTO "conversations" ("id", "user_id", "created_at", "updated_at") VALUES ($1, 'u1', $2, $2)`,
        [conversation, at(0)],
      );
    }
    // Ids in time order, as UUIDv7 are; the two conversations' messages interleave.
    const rows = [
      ["m1", "c1", "user"],
      ["m2", "c2", "user"],
      ["m3", "c1", "assistant"],
      ["m4", "c1", "user"],
      ["m5", "c2", "assistant"],
    ];
    for (const [index, [id, conversation, role]] of rows.entries()) {
      await query(
        database.url,
        `INSERT INTO "messages" ("id", "conversation_id", "user_id", "role", "content", "status", "created_at", "updated_at")
         VALUES ($1, $2, 'u1', $3, 'text', 'complete', $4, $4)`,
        [id, conversation, role, at(index + 1)],
      );
    }
    for (const migration of later) {
      cpSync(
        path.resolve("prisma/migrations", provider, `${migration.name}.sql`),
        path.join(root, provider, `${migration.name}.sql`),
      );
    }
    expect(await migrate(database.url, root)).toContain("0016_branches");
    expect(await query(database.url, `SELECT "id", "parent_id" FROM "messages" ORDER BY "id"`)).toEqual([
      { id: "m1", parent_id: null },
      { id: "m2", parent_id: null },
      { id: "m3", parent_id: "m1" },
      { id: "m4", parent_id: "m3" },
      { id: "m5", parent_id: "m2" },
    ]);
    expect(
      await query(database.url, `SELECT "id", "active_leaf_id" FROM "conversations" ORDER BY "id"`),
    ).toEqual([
      { id: "c1", active_leaf_id: "m4" },
      { id: "c2", active_leaf_id: "m5" },
    ]);
  });

  it("run concurrently from several instances without applying anything twice", async () => {
    const database = await freshDatabase();
    const results = await Promise.all([migrate(database.url), migrate(database.url), migrate(database.url)]);
    expect(results.flat()).toEqual(readMigrations(provider).map((migration) => migration.name));
  });

  it("roll back a failing migration as a whole", async () => {
    const database = await freshDatabase();
    const root = mkdtempSync(path.join(tmpdir(), "migrations-"));
    cpSync(path.resolve("prisma/migrations"), root, { recursive: true });
    writeFileSync(
      path.join(root, provider, "9999_broken.sql"),
      `CREATE TABLE "half_done" ("id" TEXT);\nTHIS IS NOT SQL;\n`,
    );
    await expect(migrate(database.url, root)).rejects.toThrow();
    const tables =
      provider === "sqlite"
        ? await query(database.url, `SELECT name FROM sqlite_master WHERE name = 'half_done'`)
        : await query(database.url, `SELECT tablename FROM pg_tables WHERE tablename = 'half_done'`);
    expect(tables).toEqual([]);
  });
});
