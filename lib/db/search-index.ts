import "server-only";
import { setImmediate as nextTurn } from "node:timers/promises";
import { env } from "@/lib/env";
import { log } from "@/lib/log/logger.mjs";
import { openSqlite } from "./client";
import { providerOf } from "./provider";
import { indexNotedMessages } from "./search-index-batches";

// On SQLite a message enters the search index in a batch with others (migration 0021): what the
// triggers note is indexed every second, and before any search, so that a search finds every
// message written before it. Postgres indexes as it writes.
const EVERY_MS = 1_000;

const onSqlite = () => providerOf(env().DATABASE_URL) === "sqlite";

/** Indexes every message waiting for the search index, a batch at a time, yielding in between. */
export async function indexPendingMessages(): Promise<void> {
  if (!onSqlite()) return;
  const { connection } = await openSqlite();
  while (indexNotedMessages(connection)) await nextTurn();
}

/** At start (what a stopped server left noted), then every second, in the background. */
export function startSearchIndexer(): void {
  if (!onSqlite()) return;
  const run = () =>
    indexPendingMessages().catch((error) =>
      log.warn({ error: (error as Error).message }, "indexing messages for search failed"),
    );
  void run();
  setInterval(run, EVERY_MS).unref();
}
