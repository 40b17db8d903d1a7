import "server-only";
import { env } from "@/lib/env";
import { fts5Match, HIGHLIGHT_START, tsQuery } from "@/lib/search/query";
import { db } from "./client";
import { providerOf } from "./provider";

export type SearchHit = {
  conversationId: string;
  /** The best matching message, or null when only the title or summary matched. */
  messageId: string | null;
  /** Higher is better. */
  score: number;
  /** The matching text, with highlight markers. */
  snippet: string | null;
};

// A common word can match most of a user's messages: only the most recent this many are ranked,
// so a search costs the same at a thousand messages as at a million.
const CANDIDATES = 2_000;

function byScore(hits: SearchHit[], limit: number): SearchHit[] {
  const best = new Map<string, SearchHit>();
  for (const hit of hits) {
    const current = best.get(hit.conversationId);
    if (!current || hit.score > current.score) best.set(hit.conversationId, hit);
  }
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}

async function searchSqlite(userId: string, terms: string[], limit: number): Promise<SearchHit[]> {
  const owner = `user_id : "${userId}"`;
  const words = fts5Match(terms);
  const messageHits = await db().$queryRawUnsafe<
    { conversation_id: string; message_id: string; score: number }[]
  >(
    `WITH hits AS (
       SELECT rowid AS rid, bm25(messages_fts) AS score FROM messages_fts
       WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ${CANDIDATES}
     ), ranked AS (
       SELECT m.conversation_id, m.id AS message_id, h.score,
              ROW_NUMBER() OVER (PARTITION BY m.conversation_id ORDER BY h.score, m.id DESC) AS n
       FROM hits h JOIN messages m ON m.rowid = h.rid
     )
     SELECT conversation_id, message_id, score FROM ranked WHERE n = 1 ORDER BY score LIMIT ?`,
    `${owner} AND content : (${words})`,
    limit,
  );
  const conversationHits = await db().$queryRawUnsafe<
    { conversation_id: string; score: number; marked: string }[]
  >(
    `SELECT c.id AS conversation_id, bm25(conversations_fts, 4.0, 2.0, 0.0) AS score,
            coalesce(highlight(conversations_fts, 0, char(1), char(2)), '') || char(10) ||
            coalesce(highlight(conversations_fts, 1, char(1), char(2)), '') AS marked
     FROM conversations_fts JOIN conversations c ON c.rowid = conversations_fts.rowid
     WHERE conversations_fts MATCH ? ORDER BY score LIMIT ?`,
    `${owner} AND {title summary} : (${words})`,
    limit,
  );
  const snippets = new Map<string, string>();
  if (messageHits.length > 0) {
    const rows = await db().$queryRawUnsafe<{ message_id: string; snippet: string }[]>(
      `SELECT m.id AS message_id, snippet(messages_fts, 0, char(1), char(2), '…', 24) AS snippet
       FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
       WHERE messages_fts MATCH ? AND m.id IN (${messageHits.map(() => "?").join(", ")})`,
      `${owner} AND content : (${words})`,
      ...messageHits.map((hit) => hit.message_id),
    );
    for (const row of rows) snippets.set(row.message_id, row.snippet);
  }
  // bm25 is lower for better matches; a match in the title or summary counts double.
  return byScore(
    [
      ...conversationHits.map((hit) => ({
        conversationId: hit.conversation_id,
        messageId: null,
        score: -Number(hit.score) * 2,
        snippet: hit.marked.split("\n").find((part) => part.includes(HIGHLIGHT_START)) ?? null,
      })),
      ...messageHits.map((hit) => ({
        conversationId: hit.conversation_id,
        messageId: hit.message_id,
        score: -Number(hit.score),
        snippet: snippets.get(hit.message_id) ?? null,
      })),
    ],
    limit,
  );
}

async function searchPostgres(userId: string, terms: string[], limit: number): Promise<SearchHit[]> {
  const query = tsQuery(terms);
  const messageHits = await db().$queryRawUnsafe<
    { conversation_id: string; message_id: string; score: number }[]
  >(
    `WITH hits AS (
       SELECT m.id, m.conversation_id, ts_rank(m.search, q.query) AS score
       FROM messages m, (SELECT to_tsquery('simple', $2) AS query) q
       WHERE m.user_id = $1 AND m.search @@ q.query
       ORDER BY m.id DESC LIMIT ${CANDIDATES}
     )
     SELECT DISTINCT ON (conversation_id) conversation_id, id AS message_id, score::float8 AS score
     FROM hits ORDER BY conversation_id, score DESC, id DESC`,
    userId,
    query,
  );
  const conversationHits = await db().$queryRawUnsafe<
    { conversation_id: string; score: number; marked: string }[]
  >(
    `SELECT c.id AS conversation_id, ts_rank(c.search, q.query)::float8 AS score,
            ts_headline('simple', coalesce(c.title, '') || E'\\n' || coalesce(c.summary, ''), q.query,
                        'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', HighlightAll=true') AS marked
     FROM conversations c, (SELECT to_tsquery('simple', $2) AS query) q
     WHERE c.user_id = $1 AND c.search @@ q.query ORDER BY score DESC LIMIT $3`,
    userId,
    query,
    limit,
  );
  const top = byScore(
    messageHits.map((hit) => ({
      conversationId: hit.conversation_id,
      messageId: hit.message_id,
      score: Number(hit.score),
      snippet: null,
    })),
    limit,
  );
  if (top.length > 0) {
    const rows = await db().$queryRawUnsafe<{ message_id: string; snippet: string }[]>(
      `SELECT m.id AS message_id,
              ts_headline('simple', m.content, to_tsquery('simple', $1),
                          'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxFragments=1, MaxWords=40, MinWords=15') AS snippet
       FROM messages m WHERE m.id = ANY($2::text[])`,
      query,
      top.map((hit) => hit.messageId),
    );
    const snippets = new Map(rows.map((row) => [row.message_id, row.snippet]));
    for (const hit of top) hit.snippet = snippets.get(hit.messageId as string) ?? null;
  }
  return byScore(
    [
      ...conversationHits.map((hit) => ({
        conversationId: hit.conversation_id,
        messageId: null,
        score: Number(hit.score) * 2,
        snippet: hit.marked.split("\n").find((part) => part.includes(HIGHLIGHT_START)) ?? null,
      })),
      ...top,
    ],
    limit,
  );
}

/** The user's conversations matching every word (as prefixes), best first. */
export async function searchConversations({
  userId,
  terms,
  limit,
}: {
  userId: string;
  terms: string[];
  limit: number;
}): Promise<SearchHit[]> {
  if (terms.length === 0) return [];
  return providerOf(env().DATABASE_URL) === "sqlite"
    ? searchSqlite(userId, terms, limit)
    : searchPostgres(userId, terms, limit);
}
