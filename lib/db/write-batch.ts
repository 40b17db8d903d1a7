import "server-only";
import { type OpenSqlite, openSqlite } from "./client";
import { executeRaw, onSqlite, queryRaw, sqliteExecuteRaw, sqliteQueryRaw } from "./raw";

// What a write costs SQLite is mostly the pages its commit appends to the WAL, about 15 to 20 µs of
// CPU each, and the replies that start (or end) at the same time change the same pages: the newest
// leaves of the messages table, of its indexes and of the ledger. Committed together, those pages
// are written once for all of them: timed alone in better-sqlite3 on the app's schema, a reply's
// statements cost 335 µs committed one reply at a time, 260 two replies a commit, 220 four, 175 ten.
// So the writes of the replies' hot path (their messages, their ledger rows, their checkpoints and
// their ends) are queued for the rest of the event loop's turn, and the queue then runs in one
// transaction: nothing waits longer than that turn, and each caller hears of its own statement only
// once the transaction holding it has committed. Postgres commits each as it comes (its own
// commits already share their flushes of the WAL).

type Queued = {
  kind: "rows" | "run";
  sql: string;
  params: unknown[];
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
};

// One queue for the process: Next.js gives each route a copy of this module, and the writes of
// every route share the one connection.
const globalForBatch = globalThis as unknown as { writeBatch?: { queue: Queued[] } };
globalForBatch.writeBatch ??= { queue: [] };
const batch = globalForBatch.writeBatch;

function enqueue<T>(kind: Queued["kind"], sql: string, params: unknown[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    batch.queue.push({ kind, sql, params, resolve: resolve as (value: unknown) => void, reject });
    if (batch.queue.length === 1) setImmediate(() => void flush());
  });
}

function send(adapter: OpenSqlite["adapter"], item: Queued): Promise<unknown> {
  return item.kind === "rows"
    ? sqliteQueryRaw(adapter, item.sql, item.params)
    : sqliteExecuteRaw(adapter, item.sql, item.params);
}

async function flush(): Promise<void> {
  const items = batch.queue;
  batch.queue = [];
  let open: OpenSqlite;
  try {
    open = await openSqlite();
  } catch (error) {
    for (const item of items) item.reject(error);
    return;
  }
  // One write, or a connection already inside a transaction (none is held across turns today: this
  // keeps it so that no caller is told of a commit that is not its own): each as it comes.
  if (items.length === 1 || open.connection.inTransaction) {
    for (const item of items) send(open.adapter, item).then(item.resolve, item.reject);
    return;
  }
  // The adapter runs each statement as it is called (its promise settles later), so all of them
  // run inside this synchronous transaction. A statement that fails (a constraint) is undone by
  // SQLite alone and the others go on; one that makes SQLite end the whole transaction (a full
  // disk, an I/O error) fails them all, as does a BEGIN or COMMIT that fails (SQLITE_BUSY: another
  // process held the write lock too long, which isDatabaseUnavailable knows).
  const { adapter, connection } = open;
  const results: Promise<unknown>[] = [];
  let endedBy: Promise<unknown> | undefined;
  try {
    connection
      .transaction(() => {
        for (const item of items) {
          const result = send(adapter, item);
          result.catch(() => {});
          results.push(result);
          if (!connection.inTransaction) {
            endedBy = result;
            throw new Error("SQLite ended the transaction.");
          }
        }
      })
      .immediate();
  } catch (error) {
    const reason = endedBy
      ? await endedBy.then(
          () => error,
          (cause: unknown) => cause,
        )
      : error;
    for (const item of items) item.reject(reason);
    return;
  }
  for (const [index, item] of items.entries()) {
    (results[index] as Promise<unknown>).then(item.resolve, item.reject);
  }
}

/** queryRaw, committed with the other writes of this turn of the event loop (on SQLite). */
export function batchedQueryRaw<Row>(sql: string, ...params: unknown[]): Promise<Row[]> {
  return onSqlite() ? enqueue<Row[]>("rows", sql, params) : queryRaw<Row>(sql, ...params);
}

/** executeRaw, committed with the other writes of this turn of the event loop (on SQLite). */
export function batchedExecuteRaw(sql: string, ...params: unknown[]): Promise<number> {
  return onSqlite() ? enqueue<number>("run", sql, params) : executeRaw(sql, ...params);
}
