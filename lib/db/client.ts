import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type Database from "better-sqlite3";
import pg from "pg";
import { env } from "@/lib/env";
import { log } from "@/lib/log/logger.mjs";
import { registerSqliteSearchFunctions } from "@/lib/search/segment";
import { PrismaClient as PostgresClient } from "./generated/postgres/client.ts";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { providerOf, sqlitePathOf } from "./provider";
import { reusingStatements } from "./sqlite-statements";

// Both generated clients expose the same model API; the SQLite one stands for the type.
export type Db = SqliteClient;

/** The app's one SQLite connection: Prisma's adapter on it, and the better-sqlite3 connection. */
export type OpenSqlite = { adapter: SqlDriverAdapter; connection: Database.Database };

/**
 * Prisma's adapter, opening one connection for the client and for the raw SQL that runs without
 * it (raw.ts, atomic.ts), so that the raw SQL neither waits for the client nor loads its query
 * compiler (a WebAssembly module of some 36 MB, loaded when the client connects). The functions
 * the search index needs are registered on the connection, and its statements are prepared once
 * and reused (lib/db/sqlite-statements.ts). Closing it (the client's $disconnect) lets the next
 * use open a new one.
 */
class SqliteAdapter extends PrismaBetterSqlite3 {
  #open: Promise<OpenSqlite> | null = null;

  open(): Promise<OpenSqlite> {
    this.#open ??= super.connect().then(
      (adapter) => {
        // The adapter keeps its better-sqlite3 connection in `client` (pinned version; see search tests).
        const held = adapter as unknown as { client: Database.Database };
        const connection = held.client;
        registerSqliteSearchFunctions(connection);
        connection.pragma(`synchronous = ${env().SQLITE_SYNCHRONOUS}`);
        held.client = reusingStatements(connection);
        const dispose = adapter.dispose.bind(adapter);
        adapter.dispose = () => {
          this.#open = null;
          return dispose();
        };
        return { adapter, connection };
      },
      (error: unknown) => {
        this.#open = null;
        throw error;
      },
    );
    return this.#open;
  }

  override async connect(): Promise<SqlDriverAdapter> {
    return (await this.open()).adapter;
  }
}

const globalForSqlite = globalThis as unknown as { sqliteAdapter?: SqliteAdapter };

function sqliteAdapterFactory(): SqliteAdapter {
  globalForSqlite.sqliteAdapter ??= new SqliteAdapter({
    url: sqlitePathOf(env().DATABASE_URL),
    timeout: 10_000,
  });
  return globalForSqlite.sqliteAdapter;
}

/** The app's one SQLite connection, the one Prisma's client uses too, opened if need be. */
export function openSqlite(): Promise<OpenSqlite> {
  return sqliteAdapterFactory().open();
}

function createDb(): Db {
  const url = env().DATABASE_URL;
  if (providerOf(url) === "sqlite") return new SqliteClient({ adapter: sqliteAdapterFactory() });
  const adapter = new PostgresAdapter(() => newPool(url));
  globalForPool.adapter = adapter;
  const client = new PostgresClient({ adapter });
  return client as unknown as Db;
}

/** A pool of connections to Postgres, its connections watched (for the metrics and for 503s). */
function newPool(url: string): pg.Pool {
  // Each instance keeps at most DATABASE_POOL_SIZE connections; a statement running past
  // DATABASE_STATEMENT_TIMEOUT_MS is cancelled by Postgres itself.
  const { DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT_MS } = env();
  const pool = new pg.Pool({
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
class PostgresAdapter implements SqlDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";
  #pool: pg.Pool | null = null;
  #open: Promise<SqlDriverAdapter> | null = null;

  constructor(private readonly createPool: () => pg.Pool) {}

  /** The pool in use, or a new one if the last was ended. */
  pool(): pg.Pool {
    this.#pool ??= this.createPool();
    return this.#pool;
  }

  /** The pool in use, if there is one. */
  currentPool(): pg.Pool | null {
    return this.#pool;
  }

  connect(): Promise<SqlDriverAdapter> {
    if (this.#open) return this.#open;
    const open: Promise<SqlDriverAdapter> = new PrismaPg(this.pool(), { disposeExternalPool: true })
      .connect()
      .then(
        (adapter) => {
          const dispose = adapter.dispose.bind(adapter);
          let disposed: Promise<void> | null = null;
          // Once only, and only this adapter's own state: a later one may be open by then.
          adapter.dispose = () => {
            if (!disposed) {
              if (this.#open === open) {
                this.#open = null;
                this.#pool = null;
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
}

/** Prisma's adapter on the app's Postgres pool: for raw SQL without the client (raw.ts). */
export function openPostgres(): Promise<SqlDriverAdapter> {
  db();
  const adapter = globalForPool.adapter;
  if (!adapter) throw new Error("The database is not Postgres.");
  return adapter.connect();
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

const globalForDb = globalThis as unknown as { db?: Db };
const globalForPool = globalThis as unknown as { adapter?: PostgresAdapter };

/** The Postgres pool's connections (none on SQLite): for the metrics. */
export function poolStats(): { total: number; idle: number; waiting: number } | null {
  const pool = globalForPool.adapter?.currentPool();
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
}

/** The Postgres pool behind the client (null on SQLite): for what Prisma does not do, as NOTIFY. */
export function postgresPool(): pg.Pool | null {
  db();
  return globalForPool.adapter?.pool() ?? null;
}

/** One client per process (kept across hot reloads in development). */
export function db(): Db {
  globalForDb.db ??= createDb();
  return globalForDb.db;
}
