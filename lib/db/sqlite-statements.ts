import "server-only";
import type Database from "better-sqlite3";
import { recentlyUsed } from "./recently-used";

// Prisma's SQLite adapter prepares every statement afresh, for every query, and preparing costs
// more than running most of the app's (a streamed reply spent 1.6 ms of its CPU in prepare(); see
// docs/performance-history.md). The adapter is given a connection whose prepare() hands back a
// statement kept from before, bound to each query's arguments as it runs. The most recently used
// are kept.
const STATEMENTS_KEPT = 500;

/** What the adapter does with a prepared statement: bind its arguments, then run or read it. */
type BoundStatement = {
  reader: boolean;
  run(): Database.RunResult;
  columns(): Database.ColumnDefinition[];
  raw(): { all(): unknown[] };
};

/** A statement kept, and its columns once asked for (they cost a call into SQLite each time). */
type Kept = { statement: Database.Statement; columns?: Database.ColumnDefinition[] };

function bind(kept: Kept, args: unknown[]): BoundStatement {
  const { statement } = kept;
  return {
    reader: statement.reader,
    run: () => statement.run(args),
    columns: () => {
      kept.columns ??= statement.columns();
      return kept.columns;
    },
    raw: () => ({ all: () => statement.raw(true).all(args) }),
  };
}

/** `connection`, with its prepared statements kept and reused by SQL text. */
export function reusingStatements(connection: Database.Database): Database.Database {
  const statements = recentlyUsed<Kept>(STATEMENTS_KEPT);
  const prepare = (sql: string) => {
    const kept = statements.get(sql, () => ({ statement: connection.prepare(sql) }));
    return { bind: (args: unknown[]) => bind(kept, args) };
  };
  return new Proxy(connection, {
    get(target, key) {
      if (key === "prepare") return prepare;
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
