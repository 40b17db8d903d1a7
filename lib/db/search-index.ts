import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
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

// Kept on globalThis: Next.js may bundle this module into more than one chunk of the server.
const RUNNING = Symbol.for("chat.searchIndexer");
const holder = globalThis as { [RUNNING]?: Promise<void> | null };

/**
 * Indexes what is noted, a batch at a time. A backlog (an import's, say) leaves the event loop to
 * the rest between its batches at least as long as each batch held it: batches back to back, with
 * an import's own work between them, kept other requests waiting up to 220 ms on 2026-12-07.
 */
async function indexBacklog(): Promise<void> {
  const { connection } = await openSqlite();
  for (;;) {
    const started = performance.now();
    const more = indexNotedMessages(connection);
    if (!more) return;
    await sleep(Math.max(1, performance.now() - started));
  }
}

/** One indexing run at a time: a caller joins the one under way. */
function indexOnce(): Promise<void> {
  holder[RUNNING] ??= indexBacklog().finally(() => {
    holder[RUNNING] = null;
  });
  return holder[RUNNING];
}

/**
 * Indexes every message waiting for the search index. A run already under way may have looked
 * before the caller's messages were noted, so the caller waits for it, then for a run of its own.
 */
export async function indexPendingMessages(): Promise<void> {
  if (!onSqlite()) return;
  await holder[RUNNING]?.catch(() => {});
  await indexOnce();
}

/** At start (what a stopped server left noted), then every second, in the background. */
export function startSearchIndexer(): void {
  if (!onSqlite()) return;
  const run = () =>
    indexOnce().catch((error) =>
      log.warn({ error: (error as Error).message }, "indexing messages for search failed"),
    );
  void run();
  setInterval(run, EVERY_MS).unref();
}
