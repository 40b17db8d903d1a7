import "server-only";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import type pg from "pg";
import { env } from "@/lib/env";
import type { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
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

function postgresAdapter(): PostgresAdapter {
  globalForPool.adapter ??= new PostgresAdapter(() => newPool(env().DATABASE_URL));
  return globalForPool.adapter;
}

const onPostgres = () => providerOf(env().DATABASE_URL) === "postgres";

// A generated client is some 86 KB of code with its data model, and Next.js gives every route that
// imports it a copy of its own: it is loaded only for the database in use, and only by the routes
// that use the client (administration, settings, import); the replies and the lists run raw SQL on
// the adapter without it (raw.ts).
async function createDb(): Promise<Db> {
  if (!onPostgres()) {
    const { PrismaClient } = await import("./generated/sqlite/client.ts");
    return new PrismaClient({ adapter: sqliteAdapterFactory() });
  }
  const { PrismaClient } = await import("./generated/postgres/client.ts");
  return new PrismaClient({ adapter: postgresAdapter() }) as unknown as Db;
}

/** Prisma's adapter on the app's Postgres pool: for raw SQL without the client (raw.ts). */
export function openPostgres(): Promise<SqlDriverAdapter> {
  if (!onPostgres()) throw new Error("The database is not Postgres.");
  return postgresAdapter().connect();
}

const globalForDb = globalThis as unknown as { db?: Promise<Db> };
const globalForPool = globalThis as unknown as { adapter?: PostgresAdapter };

/** The Postgres pool's connections (none on SQLite): for the metrics. */
export function poolStats(): { total: number; idle: number; waiting: number } | null {
  const pool = globalForPool.adapter?.currentPool();
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
}

/** The Postgres pool behind the client (null on SQLite): for what Prisma does not do, as NOTIFY. */
export async function postgresPool(): Promise<pg.Pool | null> {
  return onPostgres() ? postgresAdapter().pool() : null;
}

/** One client per process (kept across hot reloads in development), made on first use. */
export function prisma(): Promise<Db> {
  globalForDb.db ??= createDb().catch((error: unknown) => {
    globalForDb.db = undefined;
    throw error;
  });
  return globalForDb.db;
}
