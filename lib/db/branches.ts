import "server-only";
import { getAttachmentsOf } from "./files";
import { HAS_FILES, MESSAGE_COLUMNS, type MessageRecord, type Turn } from "./messages";
import { placeholders } from "./placeholders";
import { executeRaw, queryRaw } from "./raw";

// A conversation is a tree of messages (migration 0016): each has a parent, null for the first, and
// the conversation has an active leaf. A branch is read by walking up from its end, one parent at a
// time by primary key, so a page costs its own length whatever the size of the tree.

// As many messages as any branch has (an int4, as Postgres reads the parameter).
const WHOLE_BRANCH = 2_147_483_647;

/** The walk up from message $1 of conversation $2: itself at depth 0, at most $3 messages. */
const WALK_UP = `WITH RECURSIVE "branch"("message_id", "up_id", "depth") AS (
    SELECT "id", "parent_id", 0 FROM "messages" WHERE "id" = $1 AND "conversation_id" = $2
    UNION ALL
    SELECT m."id", m."parent_id", b."depth" + 1 FROM "branch" b JOIN "messages" m ON m."id" = b."up_id"
    WHERE b."depth" + 1 < $3)`;

/** The messages from the root (or `limit` up) down to `endId`, oldest first. */
export async function getBranchEndingAt({
  conversationId,
  endId,
  limit,
}: {
  conversationId: string;
  endId: string;
  limit: number;
}): Promise<MessageRecord[]> {
  return queryRaw<MessageRecord>(
    `${WALK_UP} SELECT ${MESSAGE_COLUMNS} FROM "branch" JOIN "messages" ON "messages"."id" = "branch"."message_id"
     ORDER BY "branch"."depth" DESC`,
    endId,
    conversationId,
    limit,
  );
}

/** What the model is shown of the branch ending at `endId`: at most `limit` messages, oldest first. */
export async function getBranchTurns({
  conversationId,
  endId,
  limit,
}: {
  conversationId: string;
  endId: string | null;
  limit: number;
}): Promise<Turn[]> {
  if (!endId) return [];
  const rows = await queryRaw<Omit<Turn, "hasFiles"> & { hasFiles: unknown }>(
    `${WALK_UP} SELECT m."id", m."role", m."content", m."status", ${HAS_FILES} AS "hasFiles"
     FROM "branch" JOIN "messages" m ON m."id" = "branch"."message_id"
     ORDER BY "branch"."depth" DESC`,
    endId,
    conversationId,
    limit,
  );
  // SQLite gives the EXISTS as 0 or 1, Postgres as a boolean.
  return rows.map((row) => ({ ...row, hasFiles: Boolean(row.hasFiles) }));
}

/** The ids on the branch ending at `endId`, oldest first (the whole branch: ids only). */
async function branchIds(conversationId: string, endId: string): Promise<string[]> {
  const rows = await queryRaw<{ id: string }>(
    `${WALK_UP} SELECT "message_id" AS "id" FROM "branch" ORDER BY "depth" DESC`,
    endId,
    conversationId,
    WHOLE_BRANCH,
  );
  return rows.map((row) => row.id);
}

/**
 * Each message with the files it carries and its siblings (its parent's children, itself
 * included, oldest first): what the API and the page show of a message.
 */
export async function withTree(conversationId: string, messages: MessageRecord[]): Promise<MessageRecord[]> {
  if (messages.length === 0) return messages;
  const siblings = new Map<string | null, string[]>();
  const add = (rows: { id: string; parentId: string | null }[]) => {
    for (const row of rows) siblings.set(row.parentId, [...(siblings.get(row.parentId) ?? []), row.id]);
  };
  const parents = [...new Set(messages.flatMap((message) => (message.parentId ? [message.parentId] : [])))];
  // In slices, within every database's limit on parameters.
  for (let start = 0; start < parents.length; start += 500) {
    const slice = parents.slice(start, start + 500);
    add(
      await queryRaw(
        `SELECT "id", "parent_id" AS "parentId" FROM "messages"
         WHERE "parent_id" IN (${placeholders(slice.length)}) ORDER BY "id"`,
        ...slice,
      ),
    );
  }
  if (messages.some((message) => message.parentId === null)) {
    add(
      await queryRaw(
        `SELECT "id", "parent_id" AS "parentId" FROM "messages"
         WHERE "conversation_id" = $1 AND "parent_id" IS NULL ORDER BY "id"`,
        conversationId,
      ),
    );
  }
  const files = await getAttachmentsOf(
    messages.filter((message) => message.role === "user").map((message) => message.id),
  );
  return messages.map((message) => ({
    ...message,
    attachments: files.get(message.id) ?? [],
    siblingIds: siblings.get(message.parentId) ?? [message.id],
  }));
}

/**
 * Up to `limit` messages of the active branch before `cursor` (a message of it; the newest when
 * absent), oldest first, and the cursor for the page before.
 */
export async function getBranchPage({
  conversationId,
  leafId,
  limit,
  cursor,
}: {
  conversationId: string;
  leafId: string | null;
  limit: number;
  cursor?: string;
}): Promise<{ messages: MessageRecord[]; nextCursor: string | null }> {
  let endId = leafId;
  if (cursor) {
    const [row] = await queryRaw<{ parentId: string | null }>(
      `SELECT "parent_id" AS "parentId" FROM "messages" WHERE "id" = $1 AND "conversation_id" = $2`,
      cursor,
      conversationId,
    );
    endId = row?.parentId ?? null;
  }
  if (!endId) return { messages: [], nextCursor: null };
  const found = await getBranchEndingAt({ conversationId, endId, limit: limit + 1 });
  const page = found.length > limit ? found.slice(1) : found;
  const first = page[0];
  return {
    messages: await withTree(conversationId, page),
    nextCursor: first?.parentId ? first.id : null,
  };
}

/**
 * The messages around `messageId` on its branch (the active one once it is opened): `before` older
 * ones, the message, and up to `after` newer; with the cursor for older ones.
 */
export async function getBranchAround({
  conversationId,
  leafId,
  messageId,
  before = 10,
  after = 200,
}: {
  conversationId: string;
  leafId: string;
  messageId: string;
  before?: number;
  after?: number;
}): Promise<{ messages: MessageRecord[]; nextCursor: string | null }> {
  const ids = await branchIds(conversationId, leafId);
  const at = ids.indexOf(messageId);
  if (at < 0) return { messages: [], nextCursor: null };
  const from = Math.max(0, at - before);
  const window = ids.slice(from, at + after + 1);
  const rows = await queryRaw<MessageRecord>(
    `SELECT ${MESSAGE_COLUMNS} FROM "messages" WHERE "id" IN (${placeholders(window.length)}) ORDER BY "id"`,
    ...window,
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const messages = window.flatMap((id) => byId.get(id) ?? []);
  return {
    messages: await withTree(conversationId, messages),
    nextCursor: from > 0 ? (window[0] ?? null) : null,
  };
}

/** The whole active branch, oldest first, each message with its files and siblings. */
export async function getActiveBranch({
  conversationId,
  leafId,
}: {
  conversationId: string;
  leafId: string | null;
}): Promise<MessageRecord[]> {
  if (!leafId) return [];
  return withTree(
    conversationId,
    await getBranchEndingAt({ conversationId, endId: leafId, limit: WHOLE_BRANCH }),
  );
}

/**
 * The newest leaf under a message of the conversation (the message itself when it has no
 * replies): where stepping to that message leads. Null when the conversation has no such message.
 */
export async function getNewestLeafUnder({
  conversationId,
  messageId,
}: {
  conversationId: string;
  messageId: string;
}): Promise<string | null> {
  const [row] = await queryRaw<{ leaf: string | null }>(
    `WITH RECURSIVE "subtree"("message_id") AS (
       SELECT "id" FROM "messages" WHERE "id" = $1 AND "conversation_id" = $2
       UNION ALL
       SELECT m."id" FROM "subtree" s JOIN "messages" m ON m."parent_id" = s."message_id")
     SELECT max("message_id") AS "leaf" FROM "subtree"
     WHERE NOT EXISTS (SELECT 1 FROM "messages" c WHERE c."parent_id" = "subtree"."message_id")`,
    messageId,
    conversationId,
  );
  return row?.leaf ?? null;
}

/** Makes `leafId` the end of the conversation's active branch. */
export async function setActiveLeaf({
  conversationId,
  leafId,
}: {
  conversationId: string;
  leafId: string;
}): Promise<void> {
  await executeRaw(
    `UPDATE "conversations" SET "active_leaf_id" = $1 WHERE "id" = $2`,
    leafId,
    conversationId,
  );
}

/** Whether a message is on the branch ending at `leafId`. */
export async function isOnBranch({
  conversationId,
  leafId,
  messageId,
}: {
  conversationId: string;
  leafId: string | null;
  messageId: string;
}): Promise<boolean> {
  if (!leafId) return false;
  return (await branchIds(conversationId, leafId)).includes(messageId);
}
