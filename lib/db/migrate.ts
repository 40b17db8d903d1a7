import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
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
    return applyPending.immediate();
  } finally {
    sqlite.close();
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
