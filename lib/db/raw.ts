import "server-only";
import { env } from "@/lib/env";
import { adapterExecuteRaw, adapterQueryRaw } from "./adapter-raw";
import { type OpenSqlite, openPostgres, openSqlite } from "./client";
import { withQuestionMarks } from "./placeholders";
import { providerOf } from "./provider";

export const onSqlite = () => providerOf(env().DATABASE_URL) === "sqlite";

/**
 * The rows of `sql`, run on Prisma's adapter directly (lib/db/adapter-raw.ts), without the client.
 * A statement that must run in one transaction with others goes through atomic.ts (or, on
 * Postgres, postgres-transaction.ts).
 */
export async function queryRaw<Row>(sql: string, ...params: unknown[]): Promise<Row[]> {
  if (!onSqlite()) return adapterQueryRaw<Row>(await openPostgres(), sql, params);
  return sqliteQueryRaw<Row>((await openSqlite()).adapter, sql, params);
}

/** How many rows `sql` changed, as queryRaw runs it. */
export async function executeRaw(sql: string, ...params: unknown[]): Promise<number> {
  if (!onSqlite()) return adapterExecuteRaw(await openPostgres(), sql, params);
  return sqliteExecuteRaw((await openSqlite()).adapter, sql, params);
}

/**
 * queryRaw's and executeRaw's SQLite side, on an adapter already open: the statement runs at the
 * call, as a batch of writes inside its transaction needs (write-batch.ts).
 */
export function sqliteQueryRaw<Row>(
  adapter: OpenSqlite["adapter"],
  sql: string,
  params: unknown[],
): Promise<Row[]> {
  const [text, ordered] = withQuestionMarks(sql, params);
  return adapterQueryRaw<Row>(adapter, text, ordered);
}

export function sqliteExecuteRaw(
  adapter: OpenSqlite["adapter"],
  sql: string,
  params: unknown[],
): Promise<number> {
  const [text, ordered] = withQuestionMarks(sql, params);
  return adapterExecuteRaw(adapter, text, ordered);
}
