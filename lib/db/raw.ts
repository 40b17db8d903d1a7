import "server-only";
import { env } from "@/lib/env";
import { type Db, db, sqliteAdapter } from "./client";
import { providerOf } from "./provider";
import { sqliteExecuteRaw, sqliteQueryRaw } from "./sqlite-raw";

/**
 * SQL written once with Postgres's $1, $2… placeholders, for either database: for SQLite each
 * placeholder becomes a ? and the parameters follow the order they appear in, repeats included.
 */
const onSqlite = () => providerOf(env().DATABASE_URL) === "sqlite";

function portable(sql: string, params: unknown[]): [string, unknown[]] {
  if (!onSqlite()) return [sql, params];
  const ordered: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, index: string) => {
    ordered.push(params[Number(index) - 1]);
    return "?";
  });
  return [text, ordered];
}

type Lazy<T> = ReturnType<Db["$queryRawUnsafe"]> & Promise<T>;

/**
 * The rows of `sql`. On Postgres lazy, as Prisma's queries are: it runs when awaited, or as part of
 * a `$transaction([...])`. On SQLite it runs on Prisma's adapter directly (lib/db/sqlite-raw.ts)
 * and is a plain promise, never part of a `$transaction([...])` (SQLite's units run in atomic.ts).
 */
export function queryRaw<Row>(sql: string, ...params: unknown[]): Lazy<Row[]> {
  const [text, ordered] = portable(sql, params);
  if (onSqlite()) {
    return sqliteAdapter().then((adapter) => sqliteQueryRaw<Row>(adapter, text, ordered)) as Lazy<Row[]>;
  }
  return db().$queryRawUnsafe<Row[]>(text, ...ordered) as Lazy<Row[]>;
}

/** How many rows `sql` changed; lazy on Postgres, as queryRaw. */
export function executeRaw(sql: string, ...params: unknown[]): Lazy<number> {
  const [text, ordered] = portable(sql, params);
  if (onSqlite()) {
    return sqliteAdapter().then((adapter) => sqliteExecuteRaw(adapter, text, ordered)) as Lazy<number>;
  }
  return db().$executeRawUnsafe(text, ...ordered) as Lazy<number>;
}
