import "server-only";
import { env } from "@/lib/env";
import { fts5Match, ownedTsQuery } from "@/lib/search/query";
import { markedSnippet, matchRanges } from "@/lib/search/snippet";
import { adapterExecuteRaw, adapterQueryRaw } from "./adapter-raw";
import { placeholders } from "./placeholders";
import { inPostgresTransaction, type PostgresTransaction } from "./postgres-transaction";
import { providerOf } from "./provider";
import { queryRaw } from "./raw";
import { indexPendingMessages } from "./search-index";

export type SearchHit = {
  conversationId: string;
  /** The best matching message, or null when only the title or summary matched. */
  messageId: string | null;
  /** Higher is better. */
  score: number;
  /** The matching text, with highlight markers. */
  snippet: string | null;
};

// A common word can match most of a user's messages: only the most recent matches are ranked, so a
// search costs the same at a thousand messages as at a million. Every match is the user's own: the
// index itself is asked for the owner's rows only (migration 0011).
const CANDIDATES = 2_000;
const CONVERSATION_CANDIDATES = 200;
// Work per row is bounded whatever a message holds: on SQLite relevance is measured on its
// beginning (Postgres ranks with ts_rank, bounded by the vector's size), and a snippet is cut from
// a window of it.
const SCORE_WINDOW = 2_000;
const SNIPPET_WINDOW = 20_000;
// Postgres stops a search that takes longer than this.
const SEARCH_TIMEOUT_MS = 3_000;

// Added to the score of a title or summary match, to rank it above matches in messages.
const TITLE_BONUS = 3;

function byScore(hits: SearchHit[], limit: number): SearchHit[] {
  const best = new Map<string, SearchHit>();
  for (const hit of hits) {
    const current = best.get(hit.conversationId);
    if (!current || hit.score > current.score) best.set(hit.conversationId, hit);
  }
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}

/** BM25's term-frequency part (k1 = 1.2, b = 0.75) for a message of `length` bytes. */
function relevance(occurrences: number, length: number): number {
  const averageLength = 700;
  const hits = Math.max(1, occurrences);
  return (hits * 2.2) / (hits + 1.2 * (0.25 + (0.75 * length) / averageLength));
}

/**
 * SQL counting how often the terms occur in the first SCORE_WINDOW characters of `content`, as
 * substrings of its lower-cased text: cheap, linear, and enough to rank matches the index found.
 * The terms are parameters from `$first` on.
 */
function occurrencesSql(terms: string[], first: number, column = `"content"`): string {
  const window = `lower(substr(${column}, 1, ${SCORE_WINDOW}))`;
  return terms
    .map((_, index) => {
      const term = `$${first + index}`;
      return `(length(${window}) - length(replace(${window}, ${term}, ''))) / length(${term})`;
    })
    .join(" + ");
}

type ConversationMatch = { conversation_id: string; title: string | null; summary: string | null };

/** The user's newest matching messages, with what ranks them: read differently by each database. */
function sqliteCandidates(userId: string, terms: string[]) {
  // CROSS JOIN makes SQLite start from the index's hits: left to choose, it may start from the
  // owner's (user_id) index instead, which is every message of theirs.
  return queryRaw<{ conversation_id: string; message_id: string; occurrences: number; bytes: number }>(
    `WITH "hits" AS (
         SELECT rowid AS "rid" FROM "messages_fts" WHERE "messages_fts" MATCH $1
         ORDER BY rowid DESC LIMIT ${CANDIDATES}
       )
       SELECT m."conversation_id", m."id" AS "message_id", ${occurrencesSql(terms, 3)} AS "occurrences",
              octet_length(m."content") AS "bytes"
       FROM "hits" CROSS JOIN "messages" m ON m.rowid = "hits"."rid" AND m."user_id" = $2`,
    fts5Match(terms, { owner: `u${userId.replaceAll("-", "")}`, columns: ["content"] }),
    userId,
    ...terms,
  );
}

function postgresCandidates(tx: PostgresTransaction, userId: string, terms: string[]) {
  // The planner picks the GIN index for a word that is rare among the user's words (its statistics
  // are per user: migration 0011), or walks the user's messages newest first for a common one. That
  // walk must be the (user_id, id) index's: ordering by "id" alone, Postgres may walk the primary
  // key instead, through every other user's newer messages. Written as a range, "user_id" is not
  // taken for a constant, so ORDER BY "user_id", "id" is an order only that index gives. ts_rank
  // (C, bounded by the vector's size) ranks only the candidates kept.
  return adapterQueryRaw<{ conversation_id: string; message_id: string; rank: number }>(
    tx,
    `SELECT "conversation_id", "id" AS "message_id", ts_rank("search", $1::tsquery)::float8 AS "rank"
     FROM (SELECT "conversation_id", "id", "search" FROM "messages"
           WHERE "user_id" >= $2 AND "user_id" <= $2 AND "search" @@ $1::tsquery
           ORDER BY "user_id" DESC, "id" DESC LIMIT ${CANDIDATES}) AS "newest"`,
    [ownedTsQuery(userId, terms), userId],
  );
}

type DocumentCandidate = { conversation_id: string; message_id: string; file_id: string };

// The expression the Postgres index of documents is built on (migration 0015).
const DOCUMENT_VECTOR = `owned_search_vector("user_id", left(coalesce("text", ''), 200000))`;
const DOCUMENT_CANDIDATES = 200;

/** The user's newest documents that match, with the messages that carry them. */
function sqliteDocuments(userId: string, terms: string[]) {
  return queryRaw<DocumentCandidate & { occurrences: number; bytes: number }>(
    `WITH "hits" AS (
         SELECT rowid AS "rid" FROM "files_fts" WHERE "files_fts" MATCH $1
         ORDER BY rowid DESC LIMIT ${DOCUMENT_CANDIDATES}
       )
       SELECT m."conversation_id", m."id" AS "message_id", f."id" AS "file_id",
              ${occurrencesSql(terms, 3, `f."text"`)} AS "occurrences", octet_length(substr(f."text", 1, ${SCORE_WINDOW})) AS "bytes"
       FROM "hits" CROSS JOIN "files" f ON f.rowid = "hits"."rid" AND f."user_id" = $2
       JOIN "message_attachments" a ON a."file_id" = f."id" JOIN "messages" m ON m."id" = a."message_id"`,
    fts5Match(terms, { owner: `u${userId.replaceAll("-", "")}`, columns: ["text"] }),
    userId,
    ...terms,
  );
}

function postgresDocuments(tx: PostgresTransaction, userId: string, terms: string[]) {
  return adapterQueryRaw<DocumentCandidate & { rank: number }>(
    tx,
    `SELECT m."conversation_id", m."id" AS "message_id", f."id" AS "file_id",
            ts_rank(owned_search_vector(f."user_id", left(f."text", ${SCORE_WINDOW})), $1::tsquery)::float8 AS "rank"
     FROM (SELECT "id", "user_id", "text" FROM "files" WHERE "user_id" = $2 AND ${DOCUMENT_VECTOR} @@ $1::tsquery
           ORDER BY "created_at" DESC LIMIT ${DOCUMENT_CANDIDATES}) AS f
     JOIN "message_attachments" a ON a."file_id" = f."id" JOIN "messages" m ON m."id" = a."message_id"`,
    [ownedTsQuery(userId, terms), userId],
  );
}

/** Document hits, each with the passage of its document around the first match, under its name. */
async function withDocumentSnippets(
  hits: (SearchHit & { fileId: string })[],
  terms: string[],
): Promise<SearchHit[]> {
  if (hits.length === 0) return [];
  const ids = [...new Set(hits.map((hit) => hit.fileId))];
  const rows = await queryRaw<{ id: string; name: string; window: string | null }>(
    `SELECT "id", "name", substr("text", 1, ${SNIPPET_WINDOW}) AS "window" FROM "files"
     WHERE "id" IN (${placeholders(ids.length)})`,
    ...ids,
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return hits.map(({ fileId, ...hit }) => {
    const file = byId.get(fileId);
    const window = file?.window ?? "";
    return {
      ...hit,
      snippet: `${file?.name ?? "document"}: ${markedSnippet(window, terms) ?? window.slice(0, 200)}`,
    };
  });
}

function candidateScore(row: { occurrences?: number; bytes?: number; rank?: number }): number {
  return row.rank === undefined ? relevance(Number(row.occurrences), Number(row.bytes)) : Number(row.rank);
}

function conversationSql(provider: "sqlite" | "postgres"): string {
  if (provider === "sqlite") {
    return `SELECT c."id" AS "conversation_id", c."title", c."summary"
            FROM "conversations_fts" f CROSS JOIN "conversations" c ON c.rowid = f.rowid AND c."user_id" = $2
            WHERE "conversations_fts" MATCH $1 ORDER BY f.rowid DESC LIMIT ${CONVERSATION_CANDIDATES}`;
  }
  return `SELECT "id" AS "conversation_id", "title", "summary" FROM "conversations"
          WHERE "user_id" >= $2 AND "user_id" <= $2 AND "search" @@ $1::tsquery
          ORDER BY "user_id" DESC, "updated_at" DESC LIMIT ${CONVERSATION_CANDIDATES}`;
}

/** What each database's index is asked for: the owner's token AND the words, or the owner's words. */
function conversationIndexQuery(provider: "sqlite" | "postgres", userId: string, terms: string[]) {
  if (provider === "sqlite") {
    return fts5Match(terms, { owner: `u${userId.replaceAll("-", "")}`, columns: ["title", "summary"] });
  }
  return ownedTsQuery(userId, terms);
}

/** The hits, each with the passage of its message around the first match. */
async function withSnippets(hits: SearchHit[], terms: string[]): Promise<SearchHit[]> {
  const ids = hits.map((hit) => hit.messageId).filter((id): id is string => id !== null);
  if (ids.length === 0) return hits;
  const rows = await queryRaw<{ id: string; window: string }>(
    `SELECT "id", substr("content", 1, ${SNIPPET_WINDOW}) AS "window" FROM "messages"
     WHERE "id" IN (${placeholders(ids.length)})`,
    ...ids,
  );
  const windows = new Map(rows.map((row) => [row.id, row.window]));
  return hits.map((hit) => {
    const window = windows.get(hit.messageId as string) ?? "";
    return { ...hit, snippet: markedSnippet(window, terms) ?? window.slice(0, 200) };
  });
}

function conversationHit(match: ConversationMatch, terms: string[]): SearchHit {
  const texts = [match.title, match.summary].filter((text): text is string => text !== null);
  const occurrences = texts.reduce((sum, text) => sum + matchRanges(text, terms).length, 0);
  const snippet = texts.map((text) => markedSnippet(text, terms)).find((marked) => marked !== null);
  return {
    conversationId: match.conversation_id,
    messageId: null,
    score: TITLE_BONUS + relevance(occurrences, texts.join(" ").length),
    snippet: snippet ?? null,
  };
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
  // Every message written before the search is found (SQLite indexes them in batches).
  await indexPendingMessages();
  const provider = providerOf(env().DATABASE_URL);
  const titleSql = conversationSql(provider);
  const titleParams = [conversationIndexQuery(provider, userId, terms), userId];
  // On Postgres in one transaction with a statement timeout, so that no search holds a connection
  // for long; SQLite's work is bounded by the limits above.
  const [candidates, conversations, documentCandidates] =
    provider === "sqlite"
      ? [
          await sqliteCandidates(userId, terms),
          await queryRaw<ConversationMatch>(titleSql, ...titleParams),
          await sqliteDocuments(userId, terms),
        ]
      : await inPostgresTransaction(async (tx) => {
          await adapterExecuteRaw(tx, `SET LOCAL statement_timeout = ${SEARCH_TIMEOUT_MS}`, []);
          return [
            await postgresCandidates(tx, userId, terms),
            await adapterQueryRaw<ConversationMatch>(tx, titleSql, titleParams),
            await postgresDocuments(tx, userId, terms),
          ] as const;
        });
  const messageHits = byScore(
    candidates.map((row) => ({
      conversationId: row.conversation_id,
      messageId: row.message_id,
      score: candidateScore(row),
      snippet: null,
    })),
    limit,
  );
  const documentHits = byScore(
    documentCandidates.map((row) => ({
      conversationId: row.conversation_id,
      messageId: row.message_id,
      fileId: row.file_id,
      score: candidateScore(row),
      snippet: null,
    })),
    limit,
  ) as (SearchHit & { fileId: string })[];
  return byScore(
    [
      ...conversations.map((match) => conversationHit(match, terms)),
      ...(await withSnippets(messageHits, terms)),
      ...(await withDocumentSnippets(documentHits, terms)),
    ],
    limit,
  );
}
