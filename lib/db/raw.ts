import "server-only";
import { env } from "@/lib/env";
import { db } from "./client";
import { providerOf } from "./provider";

/**
 * SQL written once with Postgres's $1, $2… placeholders, for either database: for SQLite each
 * placeholder becomes a ? and the parameters follow the order they appear in, repeats included.
 */
function portable(sql: string, params: unknown[]): [string, unknown[]] {
  if (providerOf(env().DATABASE_URL) !== "sqlite") return [sql, params];
  const ordered: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, index: string) => {
    ordered.push(params[Number(index) - 1]);
    return "?";
  });
  return [text, ordered];
}

/** Lazy, as Prisma's queries are: it runs when awaited, or as part of a `$transaction([...])`. */
export function queryRaw<Row>(sql: string, ...params: unknown[]) {
  const [text, ordered] = portable(sql, params);
  return db().$queryRawUnsafe<Row[]>(text, ...ordered);
}

export function executeRaw(sql: string, ...params: unknown[]) {
  const [text, ordered] = portable(sql, params);
  return db().$executeRawUnsafe(text, ...ordered);
}
