import "server-only";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type pg from "pg";
import { env } from "@/lib/env";
import { log } from "@/lib/log/logger.mjs";

// pg and Prisma's adapter for it are loaded on the first connection, so that a server on SQLite
// never loads them (some 2.5 MB of its heap; README, Memory).

/** A pool of connections to Postgres, its connections watched (for the metrics and for 503s). */
export async function newPool(url: string): Promise<pg.Pool> {
  const { default: postgres } = await import("pg");
  // Each instance keeps at most DATABASE_POOL_SIZE connections; a statement running past
  // DATABASE_STATEMENT_TIMEOUT_MS is cancelled by Postgres itself.
  const { DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT_MS } = env();
  const pool = new postgres.Pool({
    connectionString: url,
    max: DATABASE_POOL_SIZE,
    statement_timeout: DATABASE_STATEMENT_TIMEOUT_MS,
    // A database that does not answer (down, or its network gone) fails the request, answered 503,
    // rather than holding it until the client gives up.
    connectionTimeoutMillis: 5_000,
  });
  // An idle connection that fails (the database restarted) must not be an unhandled 'error' event,
  // whoever uses the pool first: Prisma's adapter or a notification.
  pool.on("error", (error) => log.warn({ error: error.message }, "a pooled database connection failed"));
  observeConnections(pool);
  return pool;
}

/**
 * Prisma's adapter on the app's own pool, one for the client and for the raw SQL that runs without
 * it (raw.ts), as on SQLite. The client's $disconnect ends the pool (or a CLI script would wait for
 * its idle connections to time out before it could exit), and the next use opens another, watched
 * as the first was.
 */
export class PostgresAdapter implements SqlDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";
  #pool: Promise<pg.Pool> | null = null;
  #current: pg.Pool | null = null;
  #open: Promise<SqlDriverAdapter> | null = null;

  constructor(private readonly createPool: () => Promise<pg.Pool>) {}

  /** The pool in use, or a new one if the last was ended. */
  pool(): Promise<pg.Pool> {
    if (!this.#pool) {
      const pool = this.createPool().then(
        (created) => {
          if (this.#pool === pool) this.#current = created;
          return created;
        },
        (error: unknown) => {
          if (this.#pool === pool) this.#pool = null;
          throw error;
        },
      );
      this.#pool = pool;
    }
    return this.#pool;
  }

  /** The pool in use, if there is one. */
  currentPool(): pg.Pool | null {
    return this.#current;
  }

  connect(): Promise<SqlDriverAdapter> {
    if (this.#open) return this.#open;
    const open: Promise<SqlDriverAdapter> = this.#connect().then(
      (adapter) => {
        const dispose = adapter.dispose.bind(adapter);
        let disposed: Promise<void> | null = null;
        // Once only, and only this adapter's own state: a later one may be open by then.
        adapter.dispose = () => {
          if (!disposed) {
            if (this.#open === open) {
              this.#open = null;
              this.#pool = null;
              this.#current = null;
            }
            disposed = dispose();
          }
          return disposed;
        };
        return adapter;
      },
      (error: unknown) => {
        if (this.#open === open) this.#open = null;
        throw error;
      },
    );
    this.#open = open;
    return open;
  }

  async #connect(): Promise<SqlDriverAdapter> {
    const [{ PrismaPg }, pool] = await Promise.all([import("@prisma/adapter-pg"), this.pool()]);
    return new PrismaPg(pool, { disposeExternalPool: true }).connect();
  }
}

// When a connection to Postgres last failed, until one succeeds again: server/main.mjs reads it to
// answer the pages that fail meanwhile with 503 rather than 500 (a server component cannot).
const UNREACHABLE_SINCE = Symbol.for("chat.databaseUnreachableSince");

function observeConnections(pool: pg.Pool): void {
  const shared = globalThis as Record<symbol, unknown>;
  const note = (error?: Error) => {
    if (error) shared[UNREACHABLE_SINCE] ??= Date.now();
    else if (shared[UNREACHABLE_SINCE] !== undefined) delete shared[UNREACHABLE_SINCE];
  };
  const connect = pool.connect.bind(pool);
  // pg's pool connects through this for every query, with a callback; Prisma's adapter awaits it.
  pool.connect = ((
    callback?: (error: Error | undefined, client?: pg.PoolClient, done?: () => void) => void,
  ) => {
    if (callback) {
      return connect((error, client, done) => {
        note(error);
        callback(error, client, done);
      });
    }
    return connect().then(
      (client) => {
        note();
        return client;
      },
      (error: Error) => {
        note(error);
        throw error;
      },
    );
  }) as typeof pool.connect;
}
