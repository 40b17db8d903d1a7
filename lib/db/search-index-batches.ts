import type Database from "better-sqlite3";

// On SQLite the triggers note a new or changed message in "messages_fts_pending" (migration 0021)
// rather than index it; this indexes what is noted, a batch at a time. Not server-only: scripts that
// write messages themselves (bench/seed-data.ts) index them with it too.

// A batch holds the event loop while it runs: so many messages at most, or so much text. What it
// costs is mostly FTS5's merging of its segments at each commit, which grows with the index (20 to
// 30 ms for 10,000 characters as for 300,000, once 40,000 messages were indexed, on 2026-12-07):
// a million characters held the loop 45 to 55 ms.
const BATCH_ROWS = 500;
const BATCH_CHARS = 250_000;

/**
 * Indexes the oldest noted messages, up to BATCH_ROWS of them or BATCH_CHARS of text (one at
 * least), in one transaction; whether more are noted.
 */
export function indexNotedMessages(connection: Database.Database): boolean {
  return connection
    .transaction(() => {
      const noted = connection
        .prepare(
          `SELECT p."rowid" AS "rowid", length(m."content") AS "chars"
           FROM "messages_fts_pending" p JOIN "messages" m ON m."rowid" = p."rowid"
           ORDER BY p."rowid" LIMIT ?`,
        )
        .safeIntegers(false)
        .all(BATCH_ROWS + 1) as { rowid: number; chars: number }[];
      let last: number | undefined;
      let chars = 0;
      for (const [index, row] of noted.entries()) {
        if (index === BATCH_ROWS || (last !== undefined && chars + row.chars > BATCH_CHARS)) break;
        last = row.rowid;
        chars += row.chars;
      }
      if (last === undefined) return false;
      connection
        .prepare(
          `INSERT INTO "messages_fts" ("rowid", "owner", "content")
           SELECT m."rowid", 'u' || replace(coalesce(m."user_id", ''), '-', ''), fts_segment(m."content")
           FROM "messages_fts_pending" p JOIN "messages" m ON m."rowid" = p."rowid"
           WHERE p."rowid" <= ? AND m."status" <> 'streaming'`,
        )
        .run(last);
      connection.prepare(`DELETE FROM "messages_fts_pending" WHERE "rowid" <= ?`).run(last);
      return noted.at(-1)?.rowid !== last;
    })
    .immediate();
}
