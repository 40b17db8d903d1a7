import "server-only";
import { env } from "@/lib/env";
import { type Db, db, openSqlite } from "./client";
import { providerOf } from "./provider";
import { sqliteExecuteRaw, sqliteQueryRaw } from "./sqlite-raw";

const onSqlite = () => providerOf(env().DATABASE_URL) === "sqlite";

/**
 * SQL is written once with Postgres's $1, $2… placeholders, for either database: for SQLite each
 * placeholder becomes a ? and the parameters follow the order they appear in, repeats included.
 */
function withQuestionMarks(sql: string, params: unknown[]): [string, unknown[]] {
  const ordered: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, index: string) => {
    ordered.push(params[Number(index) - 1]);
    return "?";
  });
  return [text, ordered];
}

/** `$from, $from+1, …`: `count` placeholders, for a list of values in an IN (…). */
export const placeholders = (count: number, from = 1): string =>
  Array.from({ length: count }, (_, index) => `$${from + index}`).join(", ");

type Lazy<T> = ReturnType<Db["$queryRawUnsafe"]> & Promise<T>;

/**
 * The rows of `sql`. On Postgres lazy, as Prisma's queries are: it runs when awaited, or as part of
 * a `$transaction([...])`. On SQLite it runs on Prisma's adapter directly (lib/db/sqlite-raw.ts)
 * and is a plain promise, never part of a `$transaction([...])` (SQLite's units run in atomic.ts).
 */
export function queryRaw<Row>(sql: string, ...params: unknown[]): Lazy<Row[]> {
  if (!onSqlite()) return db().$queryRawUnsafe<Row[]>(sql, ...params) as Lazy<Row[]>;
  const [text, ordered] = withQuestionMarks(sql, params);
  return openSqlite().then(({ adapter }) => sqliteQueryRaw<Row>(adapter, text, ordered)) as Lazy<Row[]>;
}

/** How many rows `sql` changed; lazy on Postgres, as queryRaw. */
export function executeRaw(sql: string, ...params: unknown[]): Lazy<number> {
  if (!onSqlite()) return db().$executeRawUnsafe(sql, ...params) as Lazy<number>;
  const [text, ordered] = withQuestionMarks(sql, params);
  return openSqlite().then(({ adapter }) => sqliteExecuteRaw(adapter, text, ordered)) as Lazy<number>;
}
