import "server-only";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { atomically, run } from "./atomic";
import { prisma } from "./client";
import { HAS_FILES, TURNS_SHOWN_TO_MODEL, type Turn } from "./messages";
import { placeholders } from "./placeholders";
import { providerOf } from "./provider";
import { executeRaw, queryRaw } from "./raw";

export type ConversationRecord = {
  id: string;
  userId: string;
  summary: string | null;
  title: string | null;
  /** The first words of its first message: what it is listed under until it has a summary or title. */
  preview: string | null;
  /** Its own model, instructions and temperature; null for the default. */
  model: string | null;
  systemPrompt: string | null;
  temperature: number | null;
  /** The end of the branch it shows and the model is sent; null before its first message. */
  activeLeafId: string | null;
  /** Its folder (null: none), whether it is pinned to the top of the list, whether it is archived. */
  folderId: string | null;
  pinned: boolean;
  archived: boolean;
  createdAt: Date;
  updatedAt: Date;
};

const CONVERSATION_COLUMNS = `"id", "user_id" AS "userId", "summary", "title", "preview", "model",
  "system_prompt" AS "systemPrompt", "temperature", "active_leaf_id" AS "activeLeafId", "folder_id" AS "folderId", "pinned", "archived", "created_at" AS "createdAt",
  "updated_at" AS "updatedAt"`;

/** A conversation's own settings: each null for the default. */
export type ConversationSettings = Pick<ConversationRecord, "model" | "systemPrompt" | "temperature">;

export async function createConversation({
  userId,
  settings = {},
}: {
  userId: string;
  settings?: Partial<ConversationSettings> & { folderId?: string };
}): Promise<ConversationRecord> {
  const now = new Date();
  const [created] = await queryRaw<ConversationRecord>(
    `INSERT INTO "conversations" ("id", "user_id", "model", "system_prompt", "temperature", "folder_id",
       "pinned", "archived", "created_at", "updated_at")
     VALUES ($1, $2, $3, $4, $5, $6, false, false, $7, $7) RETURNING ${CONVERSATION_COLUMNS}`,
    newId(),
    userId,
    settings.model ?? null,
    settings.systemPrompt ?? null,
    settings.temperature ?? null,
    settings.folderId ?? null,
    now,
  );
  if (!created) throw new Error("The new conversation was not returned.");
  return created;
}

/** Changes the user's own conversation's title and settings; false when it is not theirs. */
export async function updateConversation({
  id,
  userId,
  changes,
}: {
  id: string;
  userId: string;
  changes: Partial<
    ConversationSettings & {
      title: string | null;
      folderId: string | null;
      pinned: boolean;
      archived: boolean;
    }
  >;
}): Promise<boolean> {
  if (Object.keys(changes).length === 0) return (await getConversationForUser({ id, userId })) !== null;
  const { count } = await (await prisma()).conversation.updateMany({ where: { id, userId }, data: changes });
  return count > 0;
}

/**
 * Ownership is part of the query: another user's conversation is indistinguishable from none.
 * (Raw SQL, as on every step before a reply's first word: it costs less than the query builder.)
 */
export async function getConversationForUser({
  id,
  userId,
}: {
  id: string;
  userId: string;
}): Promise<ConversationRecord | null> {
  const [row] = await queryRaw<ConversationRecord>(
    `SELECT ${CONVERSATION_COLUMNS} FROM "conversations" WHERE "id" = $1 AND "user_id" = $2`,
    id,
    userId,
  );
  return row ?? null;
}

// The turns come back as one JSON array in the conversation's own row, not as a row each that
// repeats the conversation's fourteen columns: every row's values were converted and built into an
// object (its dates included), about 4 KB of garbage a turn, on every reply. Each entry is a Turn
// as it is: SQLite's EXISTS (0 or 1) is written as a JSON boolean, as Postgres writes its own.
const turnFields = (hasFiles: string) =>
  `'id', m."id", 'role', m."role", 'content', m."content", 'status', m."status", 'hasFiles', ${hasFiles}`;
const turnsJson = {
  sqlite: `(SELECT json_group_array(json_object(${turnFields(`CASE WHEN ${HAS_FILES} THEN json('true') ELSE json('false') END`)})
              ORDER BY b."depth" DESC)
            FROM "branch" b JOIN "messages" m ON m."id" = b."message_id")`,
  postgres: `(SELECT COALESCE(json_agg(json_build_object(${turnFields(HAS_FILES)}) ORDER BY b."depth" DESC), '[]')::text
            FROM "branch" b JOIN "messages" m ON m."id" = b."message_id")`,
};

/**
 * The user's own conversation with the newest messages of its active branch (at most `limit`,
 * oldest first, with only what the model is shown of them), in one query: the step before every
 * reply, where a round trip is worth saving. Another user's conversation is indistinguishable from
 * none.
 */
export async function getConversationWithTurnsForUser({
  id,
  userId,
  limit = TURNS_SHOWN_TO_MODEL,
}: {
  id: string;
  userId: string;
  limit?: number;
}): Promise<{ conversation: ConversationRecord; turns: Turn[] } | null> {
  const [row] = await queryRaw<ConversationRecord & { turns: string }>(
    `WITH RECURSIVE "branch"("message_id", "up_id", "depth") AS (
       SELECT m."id", m."parent_id", 0 FROM "conversations" c JOIN "messages" m ON m."id" = c."active_leaf_id"
       WHERE c."id" = $1 AND c."user_id" = $2
       UNION ALL
       SELECT m."id", m."parent_id", b."depth" + 1 FROM "branch" b JOIN "messages" m ON m."id" = b."up_id"
       WHERE b."depth" + 1 < $3)
     SELECT ${CONVERSATION_COLUMNS}, ${turnsJson[providerOf(env().DATABASE_URL)]} AS "turns"
     FROM "conversations"
     WHERE "id" = $1 AND "user_id" = $2`,
    id,
    userId,
    limit,
  );
  if (!row) return null;
  const { turns, ...conversation } = row;
  return { conversation, turns: JSON.parse(turns) as Turn[] };
}

export async function setConversationSummary({
  id,
  summary,
}: {
  id: string;
  summary: string;
}): Promise<void> {
  await executeRaw(
    `UPDATE "conversations" SET "summary" = $1 WHERE "id" = $2 AND "summary" IS NULL`,
    summary,
    id,
  );
}

/** Deletes a conversation with its messages (and, through triggers, their search entries). */
export async function deleteConversation({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  return atomically(function* () {
    yield run(
      `DELETE FROM "messages" WHERE "conversation_id" IN (SELECT "id" FROM "conversations" WHERE "id" = $1 AND "user_id" = $2)`,
      id,
      userId,
    );
    return (
      ((yield run(`DELETE FROM "conversations" WHERE "id" = $1 AND "user_id" = $2`, id, userId)) as number) >
      0
    );
  });
}

/** The user's own of these conversations (search's page of hits names at most a few dozen). */
export async function getConversationsByIds({
  ids,
  userId,
}: {
  ids: string[];
  userId: string;
}): Promise<ConversationRecord[]> {
  if (ids.length === 0) return [];
  return queryRaw<ConversationRecord>(
    `SELECT ${CONVERSATION_COLUMNS} FROM "conversations" WHERE "user_id" = $1 AND "id" IN (${placeholders(ids.length, 2)})`,
    userId,
    ...ids,
  );
}

/** All of a user's conversations, oldest first, a batch at a time (for export). */
export async function* iterateConversations({ userId, batch = 100 }: { userId: string; batch?: number }) {
  let after: string | undefined;
  for (;;) {
    const rows = await (await prisma()).conversation.findMany({
      where: { userId, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: batch,
    });
    yield* rows;
    if (rows.length < batch) return;
    after = rows.at(-1)?.id;
  }
}
