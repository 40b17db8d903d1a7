import "server-only";
import { env } from "@/lib/env";
import { fts5Match, tsQuery } from "@/lib/search/query";
import { markedSnippet } from "@/lib/search/snippet";
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

// A common word can match most of a user's messages: only the most recent matches are ranked, this
// many at a time, so a search costs the same at a thousand messages as at a million.
const CANDIDATES = 2_000;

function byScore(hits: SearchHit[], limit: number): SearchHit[] {
  const best = new Map<string, SearchHit>();
  for (const hit of hits) {
    const current = best.get(hit.conversationId);
    if (!current || hit.score > current.score) best.set(hit.conversationId, hit);
  }
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}

// Added to the score of a title or summary match, to rank it above matches in messages.
const TITLE_BONUS = 3;

type ConversationMatch = {
  conversation_id: string;
  title: string | null;
  summary: string | null;
  score: number;
};

function conversationHit(match: ConversationMatch, score: number, terms: string[]): SearchHit {
  const snippet = [match.title, match.summary]
    .map((text) => (text === null ? null : markedSnippet(text, terms)))
    .find((marked) => marked !== null);
  return { conversationId: match.conversation_id, messageId: null, score, snippet: snippet ?? null };
}

/** The hits, each with the passage of its message around the first match. */
async function withSnippets(hits: SearchHit[], terms: string[]): Promise<SearchHit[]> {
  const ids = hits.map((hit) => hit.messageId).filter((id): id is string => id !== null);
  if (ids.length === 0) return hits;
  const messages = await db().message.findMany({
    where: { id: { in: ids } },
    select: { id: true, content: true },
  });
  const contents = new Map(messages.map((message) => [message.id, message.content]));
  return hits.map((hit) => {
    const content = contents.get(hit.messageId as string) ?? "";
    return { ...hit, snippet: markedSnippet(content, terms) ?? content.slice(0, 200) };
  });
}

/** BM25's term-frequency part (k1 = 1.2, b = 0.75) for a message of `length` characters. */
function relevance(occurrences: number, length: number): number {
  const averageLength = 700;
  return (occurrences * 2.2) / (occurrences + 1.2 * (0.25 + (0.75 * length) / averageLength));
}

// Matches are read newest first, a window at a time, until enough conversations are found or the
// windows run out: a word in most messages costs about what a rare one does.
const WINDOWS = 4;

async function searchSqlite(userId: string, terms: string[], limit: number): Promise<SearchHit[]> {
  const match = fts5Match(terms);
  const messageHits: { conversation_id: string; message_id: string; score: number }[] = [];
  const conversations = new Set<string>();
  let before = Number.MAX_SAFE_INTEGER;
  for (let window = 0; window < WINDOWS && conversations.size < limit; window++) {
    // FTS5's bm25() counts a term's matches over the whole table, which costs as much as the word is
    // common; highlight() measures only the row at hand, so relevance here is a BM25-style weight of
    // how often the words occur in the message against its length.
    const rows = await db().$queryRawUnsafe<
      {
        rid: number | bigint;
        conversation_id: string | null;
        message_id: string | null;
        hits: number;
        length: number;
      }[]
    >(
      `WITH hits AS (
         SELECT rowid AS rid, length(highlight(messages_fts, 0, char(1), '')) - length(content) AS hits,
                length(content) AS length
         FROM messages_fts
         WHERE messages_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ${CANDIDATES}
       )
       SELECT h.rid, m.conversation_id, m.id AS message_id, h.hits, h.length
       FROM hits h LEFT JOIN messages m ON m.rowid = h.rid AND m.user_id = ?`,
      match,
      before,
      userId,
    );
    for (const row of rows) {
      if (!row.conversation_id || !row.message_id) continue;
      messageHits.push({
        conversation_id: row.conversation_id,
        message_id: row.message_id,
        score: relevance(Number(row.hits), Number(row.length)),
      });
      conversations.add(row.conversation_id);
    }
    if (rows.length < CANDIDATES) break;
    before = Math.min(...rows.map((row) => Number(row.rid)));
  }
  const bestPerConversation = byScore(
    messageHits.map((hit) => ({
      conversationId: hit.conversation_id,
      messageId: hit.message_id,
      score: hit.score,
      snippet: null,
    })),
    limit,
  );

  const conversationHits = await db().$queryRawUnsafe<ConversationMatch[]>(
    `SELECT c.id AS conversation_id, c.title, c.summary, bm25(conversations_fts, 4.0, 2.0) AS score
     FROM conversations_fts JOIN conversations c ON c.rowid = conversations_fts.rowid
     WHERE conversations_fts MATCH ? AND c.user_id = ? ORDER BY score LIMIT ?`,
    match,
    userId,
    limit,
  );
  // A match in the title or summary ranks above any match in the messages (relevance < 2.2);
  // bm25 is lower for better matches.
  return byScore(
    [
      ...conversationHits.map((hit) => conversationHit(hit, TITLE_BONUS - Number(hit.score), terms)),
      ...(await withSnippets(bestPerConversation, terms)),
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
  const conversationHits = await db().$queryRawUnsafe<ConversationMatch[]>(
    `SELECT c.id AS conversation_id, c.title, c.summary, ts_rank(c.search, q.query)::float8 AS score
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
  return byScore(
    [
      ...conversationHits.map((hit) => conversationHit(hit, TITLE_BONUS + Number(hit.score), terms)),
      ...(await withSnippets(top, terms)),
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
