import "server-only";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type Database from "better-sqlite3";
import { registerSqliteSearchFunctions } from "@/lib/search/segment";
import { reusingStatements } from "./sqlite-statements";

/** The app's one SQLite connection: Prisma's adapter on it, and the better-sqlite3 connection. */
export type OpenSqlite = { adapter: SqlDriverAdapter; connection: Database.Database };

/**
 * Prisma's better-sqlite3 adapter, opening one connection for the client and for the raw SQL that
 * runs without it (raw.ts, atomic.ts), so that the raw SQL neither waits for the client nor loads
 * its query compiler (a WebAssembly module of some 36 MB, loaded when the client connects). The
 * functions the search index needs are registered on the connection, and its statements are
 * prepared once and reused (lib/db/sqlite-statements.ts). Closing it (the client's $disconnect)
 * lets the next use open a new one. better-sqlite3 and the adapter are loaded on the first
 * connection, so that a server on Postgres never loads them.
 */
export class SqliteAdapter implements SqlDriverAdapterFactory {
  readonly provider = "sqlite";
  readonly adapterName = "@prisma/adapter-better-sqlite3";
  #open: Promise<OpenSqlite> | null = null;

  constructor(private readonly config: { url: string; timeout: number; synchronous: string }) {}

  open(): Promise<OpenSqlite> {
    this.#open ??= this.#connect().catch((error: unknown) => {
      this.#open = null;
      throw error;
    });
    return this.#open;
  }

  async #connect(): Promise<OpenSqlite> {
    const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
    const { url, timeout, synchronous } = this.config;
    const adapter = await new PrismaBetterSqlite3({ url, timeout }).connect();
    // The adapter keeps its better-sqlite3 connection in `client` (pinned version; see search tests).
    const held = adapter as unknown as { client: Database.Database };
    const connection = held.client;
    registerSqliteSearchFunctions(connection);
    connection.pragma(`synchronous = ${synchronous}`);
    // The sorter of an ORDER BY inside an aggregate (a reply's turns, a page of the list) and the
    // rows an UPDATE ... RETURNING gathers live in temporary tables, which SQLite otherwise gives a
    // temporary file's pager even when they stay small: kept in memory, a reply's turns (30
    // messages) are read in 68 rather than 109 µs of CPU and its final UPDATE runs in 38 rather
    // than 61 (better-sqlite3 alone, the app's statements on its schema). What the app sorts is
    // bounded (a branch, a page, a search's candidates), so what this holds in memory is too.
    connection.pragma("temp_store = MEMORY");
    held.client = reusingStatements(connection);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = () => {
      this.#open = null;
      return dispose();
    };
    return { adapter, connection };
  }

  async connect(): Promise<SqlDriverAdapter> {
    return (await this.open()).adapter;
  }
}
