import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { canonicalUsername } from "../auth/username";
import { registerSqliteSearchFunctions } from "../search/segment";
import { type DatabaseProvider, providerOf, sqlitePathOf } from "./provider";

export type Migration = { name: string; sql: string };

export function readMigrations(provider: DatabaseProvider, root = "prisma/migrations"): Migration[] {
  const dir = path.resolve(root, provider);
  return readdirSync(dir)
    .filter((file) => file.endsWith(".sql"))
    .sort()
    .map((file) => ({ name: file.replace(/\.sql$/, ""), sql: readFileSync(path.join(dir, file), "utf8") }));
}

const createLedger = `CREATE TABLE IF NOT EXISTS "_migrations" ("name" TEXT PRIMARY KEY, "applied_at" TEXT NOT NULL)`;

function migrateSqlite(file: string, migrations: Migration[]): string[] {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file, { timeout: 10_000 });
  registerSqliteSearchFunctions(sqlite);
  try {
    // WAL is a property of the file, so setting it here once covers every later connection.
    sqlite.pragma("journal_mode = WAL");
    sqlite.exec(createLedger);
    const applyPending = sqlite.transaction(() => {
      const done = new Set(
        sqlite
          .prepare(`SELECT "name" FROM "_migrations"`)
          .all()
          .map((row) => (row as { name: string }).name),
      );
      const pending = migrations.filter((migration) => !done.has(migration.name));
      for (const migration of pending) {
        sqlite.exec(migration.sql);
        sqlite
          .prepare(`INSERT INTO "_migrations" ("name", "applied_at") VALUES (?, ?)`)
          .run(migration.name, new Date().toISOString());
      }
      return pending.map((migration) => migration.name);
    });
    const applied = applyPending.immediate();
    if (hasMigration(sqlite.prepare(`SELECT "name" FROM "_migrations"`).all(), USERNAME_KEYS)) {
      backfillUsernameKeysSqlite(sqlite);
    }
    return applied;
  } finally {
    sqlite.close();
  }
}

// The migration that gives users a canonical key, filled in below for the accounts made before it.
const USERNAME_KEYS = "0010_canonical_usernames";

function hasMigration(applied: unknown[], name: string): boolean {
  return applied.some((row) => (row as { name: string }).name === name);
}

/**
 * Accounts made before usernames had a canonical key get one (migration 0010), unless another
 * account already holds it: such a pair keeps logging in by its exact names.
 */
function backfillUsernameKeysSqlite(sqlite: Database.Database): void {
  const rows = sqlite.prepare(`SELECT "id", "username" FROM "users" WHERE "username_key" IS NULL`).all() as {
    id: string;
    username: string;
  }[];
  const update = sqlite.prepare(
    `UPDATE "users" SET "username_key" = ? WHERE "id" = ? AND NOT EXISTS (SELECT 1 FROM "users" WHERE "username_key" = ?)`,
  );
  for (const row of rows) {
    const key = canonicalUsername(row.username);
    update.run(key, row.id, key);
  }
}

async function backfillUsernameKeysPostgres(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ id: string; username: string }>(
    `SELECT "id", "username" FROM "users" WHERE "username_key" IS NULL`,
  );
  for (const row of rows) {
    const key = canonicalUsername(row.username);
    await client.query(
      `UPDATE "users" SET "username_key" = $1 WHERE "id" = $2 AND NOT EXISTS (SELECT 1 FROM "users" WHERE "username_key" = $1)`,
      [key, row.id],
    );
  }
}

// Any constant works: it only has to be the same for every instance of the app.
const MIGRATION_LOCK_KEY = 7_204_117;

async function migratePostgres(connectionString: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    // Serialises instances that start at the same moment against one database.
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(createLedger);
    const { rows } = await client.query<{ name: string }>(`SELECT "name" FROM "_migrations"`);
    const done = new Set(rows.map((row) => row.name));
    const pending = migrations.filter((migration) => !done.has(migration.name));
    for (const migration of pending) {
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO "_migrations" ("name", "applied_at") VALUES ($1, $2)`, [
          migration.name,
          new Date().toISOString(),
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
    }
    const { rows: appliedRows } = await client.query(`SELECT "name" FROM "_migrations"`);
    if (hasMigration(appliedRows, USERNAME_KEYS)) await backfillUsernameKeysPostgres(client);
    return pending.map((migration) => migration.name);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/** Applies the committed migrations that the database has not seen yet; returns their names. */
export async function migrate(databaseUrl: string, migrationsRoot?: string): Promise<string[]> {
  const provider = providerOf(databaseUrl);
  const migrations = readMigrations(provider, migrationsRoot);
  if (provider === "sqlite") return migrateSqlite(sqlitePathOf(databaseUrl), migrations);
  return migratePostgres(databaseUrl, migrations);
}
