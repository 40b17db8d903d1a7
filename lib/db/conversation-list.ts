import "server-only";
import { env } from "@/lib/env";
import { providerOf } from "./provider";
import { queryRaw } from "./raw";

/** Where a page of the list ends: whether its last entry is pinned, its update time and its id. */
export type ConversationCursor = { pinned: boolean; updatedAt: Date; id: string };

/** A page of the conversation list: its entries as the API's JSON, and the next page's cursor. */
export type ConversationListPage = { json: string; next: ConversationCursor | null };

// The list is asked for by every chat page and every change the sidebar sees, so the database
// writes its JSON itself: one string comes back, rather than a row of fourteen values per
// conversation to be converted, turned into objects and serialised again (the list's CPU a
// request, README's Performance). Each entry is what toApiConversation (lib/chat/api-conversation.ts)
// makes of a conversation, key for key: tests/integration/conversation-list.test.ts compares the two.
const entry = (dialect: { bool: (column: string) => string; iso: (column: string) => string }) =>
  `'session_id', "id", 'title', "title", 'summary', "summary", 'preview', "preview",
   'model', "model", 'system_prompt', "system_prompt", 'temperature', "temperature",
   'folder_id', "folder_id", 'pinned', ${dialect.bool('"pinned"')}, 'archived', ${dialect.bool('"archived"')},
   'created_at', ${dialect.iso('"created_at"')}, 'updated_at', ${dialect.iso('"updated_at"')}`;

type PageRow = {
  page: string | null;
  more: boolean | number;
  lastId: string | null;
  lastPinned: boolean | number | null;
  lastUpdatedAt: string | null;
};

/**
 * The statement that makes a page of `limit` entries (its parameter, `$3`) from `rows`, ordered and
 * one row longer than the page when there is a next one, and names the page's last entry.
 */
type PageStatement = (rows: string, order: string) => string;

// Times are kept as toISOString wrote them (with +00:00 for its Z: Prisma's SQLite adapter), to
// the millisecond; strftime reads any other form SQLite knows. Booleans are 0 and 1. The entries
// are aggregated in the order the rows come (SQLite's order for a subquery's ordered rows); the
// extra row is taken off the finished array, which costs less than numbering the rows.
const sqliteIso = (column: string) =>
  `CASE WHEN substr(${column}, 24) = '+00:00' THEN substr(${column}, 1, 23) || 'Z'
        ELSE strftime('%Y-%m-%dT%H:%M:%fZ', ${column}) END`;
const sqlitePage: PageStatement = (rows) => {
  const json = entry({
    bool: (column) => `CASE WHEN ${column} THEN json('true') ELSE json('false') END`,
    iso: sqliteIso,
  });
  return `SELECT CASE WHEN "count" > $3 THEN json_remove("entries", '$[#-1]') ELSE "entries" END AS "page",
                 "count" > $3 AS "more",
                 "entries" ->> '$[#-2].session_id' AS "lastId",
                 "entries" ->> '$[#-2].pinned' AS "lastPinned",
                 "entries" ->> '$[#-2].updated_at' AS "lastUpdatedAt"
          FROM (SELECT json_group_array(json_object(${json})) AS "entries", count(*) AS "count"
                FROM (${rows}) AS "rows") AS "aggregated"`;
};

// TIMESTAMP(3) without a zone, in UTC. Postgres numbers the few rows and aggregates them in that
// order; json_agg's result is taken as text, or the adapter would parse it.
const postgresIso = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const postgresPage: PageStatement = (rows, order) => {
  const json = entry({ bool: (column) => column, iso: postgresIso });
  return `SELECT (json_agg(json_build_object(${json}) ORDER BY "n") FILTER (WHERE "n" <= $3))::text AS "page",
                 max("n") > $3 AS "more",
                 max(CASE WHEN "n" = $3 THEN "id" END) AS "lastId",
                 bool_or(CASE WHEN "n" = $3 THEN "pinned" END) AS "lastPinned",
                 max(CASE WHEN "n" = $3 THEN ${postgresIso('"updated_at"')} END) AS "lastUpdatedAt"
          FROM (SELECT *, row_number() OVER (ORDER BY ${order}) AS "n" FROM (${rows}) AS "rows") AS "numbered"`;
};

/**
 * One page of the user's conversations that have a message (or a summary or a title: imported
 * ones), pinned ones first, then most recently used first, and the cursor of the next page: the
 * archived ones (with `archived`) or the others, in one folder when `folderId` is given. The
 * (user_id, archived, pinned, updated_at, id) index serves every page alike, in its order.
 */
export async function listConversations({
  userId,
  limit,
  cursor,
  archived = false,
  folderId,
}: {
  userId: string;
  limit: number;
  cursor?: ConversationCursor;
  archived?: boolean;
  folderId?: string;
}): Promise<ConversationListPage> {
  const pageOf = providerOf(env().DATABASE_URL) === "sqlite" ? sqlitePage : postgresPage;
  const params: unknown[] = [userId, archived, limit];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const inFolder = folderId ? `AND "folder_id" = ${param(folderId)}` : "";
  // Pinned ones come first: after a pinned cursor, the rest of the pinned, then all the others.
  const after = cursor
    ? `AND (${cursor.pinned ? `"pinned" = ${param(false)} OR ` : ""}
            ("pinned" = ${param(cursor.pinned)} AND "updated_at" < ${param(cursor.updatedAt)}) OR
            ("pinned" = ${param(cursor.pinned)} AND "updated_at" = ${param(cursor.updatedAt)} AND "id" < ${param(cursor.id)}))`
    : "";
  const order = `"pinned" DESC, "updated_at" DESC, "id" DESC`;
  // One row more than the page says whether there is a next one; the page's last row is its cursor.
  const rows = `SELECT "id", "title", "summary", "preview", "model", "system_prompt", "temperature",
                       "folder_id", "pinned", "archived", "created_at", "updated_at"
                FROM "conversations"
                WHERE "user_id" = $1 AND "archived" = $2 ${inFolder}
                  AND ("summary" IS NOT NULL OR "title" IS NOT NULL OR "preview" IS NOT NULL) ${after}
                ORDER BY ${order}
                LIMIT $3 + 1`;
  const [row] = await queryRaw<PageRow>(pageOf(rows, order), ...params);
  const next =
    row?.more && row.lastId && row.lastUpdatedAt
      ? { pinned: Boolean(row.lastPinned), updatedAt: new Date(row.lastUpdatedAt), id: row.lastId }
      : null;
  return { json: row?.page ?? "[]", next };
}
