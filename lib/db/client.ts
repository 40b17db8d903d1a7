import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { PrismaClient as PostgresClient } from "./generated/postgres/client.ts";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { providerOf, sqlitePathOf } from "./provider";

// Both generated clients expose the same model API; the SQLite one stands for the type.
export type Db = SqliteClient;

function createDb(): Db {
  const url = env().DATABASE_URL;
  if (providerOf(url) === "sqlite") {
    return new SqliteClient({
      adapter: new PrismaBetterSqlite3({ url: sqlitePathOf(url), timeout: 10_000 }),
    });
  }
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) });
  return client as unknown as Db;
}

const globalForDb = globalThis as unknown as { db?: Db };

/** One client per process (kept across hot reloads in development). */
export function db(): Db {
  globalForDb.db ??= createDb();
  return globalForDb.db;
}
