import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { query } from "../fixtures/db-query";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";

const provider = inject("provider");
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
