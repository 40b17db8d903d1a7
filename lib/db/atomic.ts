import "server-only";
import type Database from "better-sqlite3";
import { env } from "@/lib/env";
import { adapterExecuteRaw, adapterQueryRaw } from "./adapter-raw";
import { openSqlite } from "./client";
import { withQuestionMarks } from "./placeholders";
import { inPostgresTransaction, type PostgresTransaction } from "./postgres-transaction";
import { providerOf } from "./provider";
import { serializable } from "./serializable";

/** One statement of an atomic unit, with Postgres-style $1, $2… placeholders. */
export type Step = { kind: "rows" | "run"; sql: string; params: unknown[] };

/** A statement whose rows the unit reads: `const found = (yield rows(sql, id)) as Row[]`. */
export function rows(sql: string, ...params: unknown[]): Step {
  return { kind: "rows", sql, params };
}

/** A statement that changes rows; the unit receives how many. */
export function run(sql: string, ...params: unknown[]): Step {
  return { kind: "run", sql, params };
}

/**
 * The statements of a unit, written once for both databases as a generator: it yields each
 * statement and is handed back its result. Read only plain values (ids, text, numbers): dates and
 * booleans come back in each database's own form.
 */
export type Unit<T> = () => Generator<Step, T, unknown>;

function toSqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

function runOnSqlite(connection: Database.Database, step: Step): unknown {
  const [text, ordered] = withQuestionMarks(step.sql, step.params, toSqliteValue);
  const statement = connection.prepare(text).safeIntegers(false);
  return step.kind === "rows" ? statement.all(...ordered) : statement.run(...ordered).changes;
}

async function runOnPostgres(tx: PostgresTransaction, step: Step): Promise<unknown> {
  if (step.kind === "run") return adapterExecuteRaw(tx, step.sql, step.params);
  const found = await adapterQueryRaw<Record<string, unknown>>(tx, step.sql, step.params);
  // Counts and sums come back as bigint from Postgres; as numbers from SQLite.
  return found.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [key, typeof value === "bigint" ? Number(value) : value]),
    ),
  );
}

/**
 * Runs a unit of statements as one step. On SQLite it runs synchronously in one transaction on the
 * app's only connection, so nothing else can run in between. (Prisma's own transactions yield to
 * the event loop between statements, and other requests' statements on the same connection would
 * then land inside them, and be rolled back with them.) On Postgres it is a transaction on the
 * adapter (lib/db/postgres-transaction.ts): serializable and retried after a conflict, or, with
 * `lockFirst`, read-committed behind an advisory lock on that key (for a count that must not be
 * passed by a parallel request).
 */
export async function atomically<T>(unit: Unit<T>, { lockFirst }: { lockFirst?: string } = {}): Promise<T> {
  if (providerOf(env().DATABASE_URL) === "postgres") {
    const body = async (tx: PostgresTransaction) => {
      if (lockFirst) await adapterExecuteRaw(tx, "SELECT pg_advisory_xact_lock(hashtext($1))", [lockFirst]);
      const steps = unit();
      let next = steps.next();
      while (!next.done) next = steps.next(await runOnPostgres(tx, next.value));
      return next.value;
    };
    return lockFirst ? inPostgresTransaction(body) : serializable(body);
  }
  const { connection } = await openSqlite();
  return connection
    .transaction(() => {
      const steps = unit();
      let next = steps.next();
      while (!next.done) next = steps.next(runOnSqlite(connection, next.value));
      return next.value;
    })
    .immediate();
}
