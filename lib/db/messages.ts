import "server-only";
import { uuidv7, uuidv7Floor } from "@/lib/ids";
import { db } from "./client";
import { type FileMeta, getAttachmentsOf, insertWithAttachments } from "./files";
import { executeRaw, queryRaw } from "./raw";

export type MessageRole = "user" | "assistant";
export type MessageStatus = "streaming" | "complete" | "stopped" | "error";

export type MessageRecord = {
  id: string;
  conversationId: string;
  userId: string | null;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  error: string | null;
  createdAt: Date;
  updatedAt: Date | null;
  /** Of a reply: the model that wrote it, its reasoning, how long it thought, why it stopped. */
  model: string | null;
  reasoning: string | null;
  reasoningMs: number | null;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  usageEstimated: boolean | null;
  /** The files a user's message carries, in order (read with the message where it is shown). */
  attachments?: FileMeta[];
};

// Replies are on the hot path of every message, so what runs before a reply's first word and for each
// of its checkpoints is raw SQL: less work than the query builder's, and one round trip where it
// would take two.
const MESSAGE_COLUMNS = `"id", "conversation_id" AS "conversationId", "user_id" AS "userId", "role", "content",
  "status", "error", "created_at" AS "createdAt", "updated_at" AS "updatedAt", "model", "reasoning",
  "reasoning_ms" AS "reasoningMs", "finish_reason" AS "finishReason", "prompt_tokens" AS "promptTokens",
  "completion_tokens" AS "completionTokens", "usage_estimated" AS "usageEstimated"`;

type NewMessage = {
  id?: string;
  role: MessageRole;
  content: string;
  status?: MessageStatus;
  error?: string | null;
  model?: string | null;
};

/** New messages of a conversation, in order, with their ids and times: ready for appendMessages. */
export function newMessages({
  conversationId,
  userId,
  messages,
}: {
  conversationId: string;
  userId: string;
  messages: NewMessage[];
}): MessageRecord[] {
  const createdAt = new Date();
  return messages.map((message) => ({
    id: message.id ?? uuidv7(createdAt.getTime()),
    conversationId,
    userId,
    role: message.role,
    content: message.content,
    status: message.status ?? "complete",
    error: message.error ?? null,
    createdAt,
    updatedAt: createdAt,
    model: message.model ?? null,
    reasoning: null,
    reasoningMs: null,
    finishReason: null,
    promptTokens: null,
    completionTokens: null,
    usageEstimated: null,
  }));
}

/** Saves new messages, in one statement; a trigger marks their conversation as just used (0009). */
export async function appendMessages(
  rows: MessageRecord[],
  attach?: { messageId: string; userId: string; fileIds: string[] },
): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map(
    (_, row) => `(${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((column) => `$${row * 10 + column}`).join(", ")})`,
  );
  const sql = `INSERT INTO "messages" ("id", "conversation_id", "user_id", "role", "content", "status", "error", "created_at", "updated_at", "model")
     VALUES ${values.join(", ")}`;
  const params = rows.flatMap((message) => [
    message.id,
    message.conversationId,
    message.userId,
    message.role,
    message.content,
    message.status,
    message.error,
    message.createdAt,
    message.updatedAt,
    message.model,
  ]);
  // With files, the message and its links are one step: a message never exists without its files.
  if (attach && attach.fileIds.length > 0) {
    await insertWithAttachments({ insertMessages: { sql, params }, ...attach });
    return;
  }
  await executeRaw(sql, ...params);
}

/** The messages, each user message with the files it carries. */
async function withAttachments(messages: MessageRecord[]): Promise<MessageRecord[]> {
  const ids = messages.filter((message) => message.role === "user").map((message) => message.id);
  const byMessage = await getAttachmentsOf(ids);
  return messages.map((message) => ({ ...message, attachments: byMessage.get(message.id) ?? [] }));
}

export async function getMessagesByConversationId({
  conversationId,
}: {
  conversationId: string;
}): Promise<MessageRecord[]> {
  return withAttachments(
    await queryRaw<MessageRecord>(
      `SELECT ${MESSAGE_COLUMNS} FROM "messages" WHERE "conversation_id" = $1 ORDER BY "id"`,
      conversationId,
    ),
  );
}

/** A message with only what decides whether and how the model is shown it. */
export type Turn = Pick<MessageRecord, "role" | "content" | "status"> & { id?: string };

/** The most messages read for a reply; MODEL_CONTEXT_CHARS then decides how many the model sees. */
export const TURNS_SHOWN_TO_MODEL = 1_000;

/**
 * The conversation's newest messages (at most `limit`), oldest first, with only what the model is
 * shown of them.
 */
export async function getTurnsByConversationId({
  conversationId,
  limit = TURNS_SHOWN_TO_MODEL,
}: {
  conversationId: string;
  limit?: number;
}): Promise<Turn[]> {
  const newestFirst = await queryRaw<Turn>(
    `SELECT "id", "role", "content", "status" FROM "messages" WHERE "conversation_id" = $1 ORDER BY "id" DESC LIMIT $2`,
    conversationId,
    limit,
  );
  return newestFirst.reverse();
}

export const INTERRUPTED_ERROR = "Interrupted: the server stopped while writing this reply.";

/**
 * Records the text and reasoning so far of a reply being streamed (also its heartbeat); 0 when it
 * is no longer streaming (stopped through another instance).
 */
export async function checkpointMessage({
  id,
  content,
  reasoning,
}: {
  id: string;
  content: string;
  reasoning: string;
}): Promise<number> {
  return executeRaw(
    `UPDATE "messages" SET "content" = $1, "reasoning" = $2, "updated_at" = $3 WHERE "id" = $4 AND "status" = 'streaming'`,
    content,
    reasoning || null,
    new Date(),
    id,
  );
}

/** How a streamed reply ended, as it is stored. */
export type FinishedReply = {
  content: string;
  status: Exclude<MessageStatus, "streaming">;
  error: string | null;
  model: string | null;
  reasoning: string | null;
  reasoningMs: number | null;
  finishReason: string | null;
  promptTokens: number;
  completionTokens: number;
  usageEstimated: boolean;
};

/**
 * Stores the end of a streamed reply, its usage reaching the ledger through a trigger (0012). A
 * reply stopped meanwhile (through another instance) keeps its `stopped` status.
 */
export async function finishMessage({
  id,
  ...reply
}: FinishedReply & { id: string }): Promise<MessageRecord> {
  const [finished] = await queryRaw<MessageRecord>(
    `UPDATE "messages" SET "content" = $1, "error" = $2, "updated_at" = $3, "model" = $4, "reasoning" = $5,
       "reasoning_ms" = $6, "finish_reason" = $7, "prompt_tokens" = $8, "completion_tokens" = $9,
       "usage_estimated" = $10,
       "status" = CASE WHEN "status" = 'streaming' THEN $11 ELSE "status" END
     WHERE "id" = $12 RETURNING ${MESSAGE_COLUMNS}`,
    reply.content,
    reply.error,
    new Date(),
    reply.model,
    reply.reasoning,
    reply.reasoningMs,
    reply.finishReason,
    reply.promptTokens,
    reply.completionTokens,
    reply.usageEstimated,
    reply.status,
    id,
  );
  if (!finished) throw new Error(`Message ${id} is gone.`);
  return finished;
}

export async function getMessageById({ id }: { id: string }): Promise<MessageRecord | null> {
  return (await db().message.findUnique({ where: { id } })) as MessageRecord | null;
}

export async function getStreamingMessage({ conversationId }: { conversationId: string }) {
  return (await db().message.findFirst({
    where: { conversationId, status: "streaming" },
    orderBy: { id: "desc" },
  })) as MessageRecord | null;
}

/** Asks every instance to stop the conversation's streaming replies; the generating one sees it. */
export async function requestStop({ conversationId }: { conversationId: string }): Promise<number> {
  const { count } = await db().message.updateMany({
    where: { conversationId, status: "streaming" },
    data: { status: "stopped" },
  });
  return count;
}

/** Marks replies whose heartbeat stopped (their server died) as interrupted, keeping their text. */
export async function interruptStaleMessages({
  staleBefore,
  conversationId,
  exceptIds = [],
}: {
  staleBefore: Date;
  conversationId?: string;
  exceptIds?: string[];
}): Promise<number> {
  const { count } = await db().message.updateMany({
    where: {
      status: "streaming",
      updatedAt: { lt: staleBefore },
      ...(conversationId ? { conversationId } : {}),
      ...(exceptIds.length ? { id: { notIn: exceptIds } } : {}),
    },
    data: { status: "error", error: INTERRUPTED_ERROR },
  });
  return count;
}

export async function deleteMessagesAfter({ conversationId, id }: { conversationId: string; id: string }) {
  await db().message.deleteMany({ where: { conversationId, id: { gt: id } } });
}

export async function updateMessageContent({ id, content }: { id: string; content: string }) {
  await db().message.update({ where: { id }, data: { content, updatedAt: new Date() } });
}

/** Up to `limit` messages before `cursor` (a message id), oldest first, and the cursor for more. */
export async function getMessagePage({
  conversationId,
  limit,
  cursor,
}: {
  conversationId: string;
  limit: number;
  cursor?: string;
}): Promise<{ messages: MessageRecord[]; nextCursor: string | null }> {
  const newestFirst = (await db().message.findMany({
    where: { conversationId, ...(cursor ? { id: { lt: cursor } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
  })) as MessageRecord[];
  const hasMore = newestFirst.length > limit;
  const page = newestFirst.slice(0, limit).reverse();
  return { messages: await withAttachments(page), nextCursor: hasMore ? (page[0]?.id ?? null) : null };
}

/** The page of messages that starts a little before `fromId` (a search hit), and the cursor for older ones. */
export async function getMessagesFrom({
  conversationId,
  fromId,
  before = 10,
  after = 200,
}: {
  conversationId: string;
  fromId: string;
  before?: number;
  after?: number;
}): Promise<{ messages: MessageRecord[]; nextCursor: string | null }> {
  const [older, newer] = await Promise.all([
    db().message.findMany({
      where: { conversationId, id: { lt: fromId } },
      orderBy: { id: "desc" },
      take: before + 1,
    }),
    db().message.findMany({
      where: { conversationId, id: { gte: fromId } },
      orderBy: { id: "asc" },
      take: after,
    }),
  ]);
  const earlier = older.slice(0, before).reverse();
  const messages = await withAttachments([...earlier, ...newer] as MessageRecord[]);
  return { messages, nextCursor: older.length > before ? (messages[0]?.id ?? null) : null };
}

/** The times of the user's messages sent since `since`, oldest first (served by the user_id, id index). */
export async function getUserMessageTimesSince({ userId, since }: { userId: string; since: number }) {
  const rows = await db().message.findMany({
    where: { userId, role: "user", id: { gte: uuidv7Floor(since) } },
    orderBy: { id: "asc" },
    select: { createdAt: true },
  });
  return rows.map((row) => row.createdAt.getTime());
}
