import "server-only";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import type pg from "pg";
import { env } from "@/lib/env";
import { PrismaClient as PostgresClient } from "./generated/postgres/client.ts";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { newPool, PostgresAdapter } from "./postgres-adapter";
import { providerOf, sqlitePathOf } from "./provider";
import { type OpenSqlite, SqliteAdapter } from "./sqlite-adapter";

// Both generated clients expose the same model API; the SQLite one stands for the type.
export type Db = SqliteClient;
export type { OpenSqlite };

const globalForSqlite = globalThis as unknown as { sqliteAdapter?: SqliteAdapter };

function sqliteAdapterFactory(): SqliteAdapter {
  globalForSqlite.sqliteAdapter ??= new SqliteAdapter({
    url: sqlitePathOf(env().DATABASE_URL),
    timeout: 10_000,
    synchronous: env().SQLITE_SYNCHRONOUS,
  });
  return globalForSqlite.sqliteAdapter;
}

/** The app's one SQLite connection, the one Prisma's client uses too, opened if need be. */
export function openSqlite(): Promise<OpenSqlite> {
  return sqliteAdapterFactory().open();
}

function createDb(): Db {
  const url = env().DATABASE_URL;
  if (providerOf(url) === "sqlite") return new SqliteClient({ adapter: sqliteAdapterFactory() });
  const adapter = new PostgresAdapter(() => newPool(url));
  globalForPool.adapter = adapter;
  const client = new PostgresClient({ adapter });
  return client as unknown as Db;
}

/** Prisma's adapter on the app's Postgres pool: for raw SQL without the client (raw.ts). */
export function openPostgres(): Promise<SqlDriverAdapter> {
  db();
  const adapter = globalForPool.adapter;
  if (!adapter) throw new Error("The database is not Postgres.");
  return adapter.connect();
}

const globalForDb = globalThis as unknown as { db?: Db };
const globalForPool = globalThis as unknown as { adapter?: PostgresAdapter };

/** The Postgres pool's connections (none on SQLite): for the metrics. */
export function poolStats(): { total: number; idle: number; waiting: number } | null {
  const pool = globalForPool.adapter?.currentPool();
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
}

/** The Postgres pool behind the client (null on SQLite): for what Prisma does not do, as NOTIFY. */
export async function postgresPool(): Promise<pg.Pool | null> {
  db();
  return (await globalForPool.adapter?.pool()) ?? null;
}

/** One client per process (kept across hot reloads in development). */
export function db(): Db {
  globalForDb.db ??= createDb();
  return globalForDb.db;
}
