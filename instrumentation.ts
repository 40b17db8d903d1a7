// Runs once when a server instance starts (Next.js calls register() before serving).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Replies a crashed server was writing: their text is kept, and they no longer show as live.
  const { interruptStaleReplies } = await import("./lib/chat/conversation-access");
  await interruptStaleReplies();
  const { startUploadSweeper } = await import("./lib/files/sweep");
  startUploadSweeper();
  // On SQLite, messages enter the search index in batches.
  const { startSearchIndexer } = await import("./lib/db/search-index");
  startSearchIndexer();
  const { exposeDrain } = await import("./lib/chat/shutdown");
  exposeDrain();
  // On Postgres, replies written here can be followed live from other instances.
  const { serveRelays } = await import("./lib/chat/live-relay");
  void serveRelays();
  // server/main.mjs counts every request through this, once its answer has gone, and each
  // collection it runs while quiet.
  const { recordIdleCollection, recordRequest } = await import("./lib/metrics/registry");
  (globalThis as Record<symbol, unknown>)[Symbol.for("chat.recordRequest")] = recordRequest;
  (globalThis as Record<symbol, unknown>)[Symbol.for("chat.recordIdleCollection")] = recordIdleCollection;
}
