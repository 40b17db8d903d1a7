import "server-only";
import { uuidv7 } from "@/lib/ids";
import { type FileMeta, getAttachmentsOf, insertWithAttachments } from "./files";
import { placeholders } from "./placeholders";
import { executeRaw, queryRaw } from "./raw";
import { batchedExecuteRaw, batchedQueryRaw } from "./write-batch";

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
  /** The message it follows; null for the first (a conversation is a tree). */
  parentId: string | null;
  /** The files a user's message carries, in order (read with the message where it is shown). */
  attachments?: FileMeta[];
  /** Its parent's children, itself included, oldest first (read where it is shown). */
  siblingIds?: string[];
};

// Replies are on the hot path of every message, so what runs before a reply's first word and for each
// of its checkpoints is raw SQL: less work than the query builder's, and one round trip where it
// would take two.
export const MESSAGE_COLUMNS = `"id", "conversation_id" AS "conversationId", "parent_id" AS "parentId", "user_id" AS "userId", "role", "content",
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

/**
 * New messages of a conversation, in order, each following the one before and the first following
 * `parentId` (null: the first of the conversation), with their ids and times: ready for
 * appendMessages.
 */
export function newMessages({
  conversationId,
  userId,
  parentId,
  messages,
}: {
  conversationId: string;
  userId: string;
  parentId: string | null;
  messages: NewMessage[];
}): MessageRecord[] {
  const createdAt = new Date();
  const ids = messages.map((message) => message.id ?? uuidv7(createdAt.getTime()));
  return messages.map((message, index) => ({
    id: ids[index] as string,
    conversationId,
    parentId: index === 0 ? parentId : (ids[index - 1] as string),
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

/**
 * Saves new messages, in one statement; a trigger marks their conversation as just used (0009) and
 * makes the last of them the end of its active branch (0016).
 */
export async function appendMessages(
  rows: MessageRecord[],
  attach?: { messageId: string; userId: string; fileIds: string[] },
): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((_, row) => `(${placeholders(11, row * 11 + 1)})`);
  const sql = `INSERT INTO "messages" ("id", "conversation_id", "parent_id", "user_id", "role", "content", "status", "error", "created_at", "updated_at", "model")
     VALUES ${values.join(", ")}`;
  const params = rows.flatMap((message) => [
    message.id,
    message.conversationId,
    message.parentId,
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
  await batchedExecuteRaw(sql, ...params);
}

/** The messages, each user message with the files it carries. */
async function withAttachments(messages: MessageRecord[]): Promise<MessageRecord[]> {
  const ids = messages.filter((message) => message.role === "user").map((message) => message.id);
  const byMessage = await getAttachmentsOf(ids);
  return messages.map((message) => ({ ...message, attachments: byMessage.get(message.id) ?? [] }));
}

/** All the conversation's messages, every branch, oldest first (parents before their replies). */
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
export type Turn = Pick<MessageRecord, "role" | "content" | "status"> & {
  id?: string;
  /** Whether the message carries files, where the query that read it said (else unknown). */
  hasFiles?: boolean;
};

/** The SQL of a column telling whether the message `m` carries files: a turn's `hasFiles`. */
export const HAS_FILES = `EXISTS (SELECT 1 FROM "message_attachments" a WHERE a."message_id" = m."id")`;

/** The most messages read for a reply; MODEL_CONTEXT_CHARS then decides how many the model sees. */
export const TURNS_SHOWN_TO_MODEL = 1_000;

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
  return batchedExecuteRaw(
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
 * reply stopped meanwhile (through another instance) keeps its `stopped` status; one marked
 * interrupted meanwhile (its checkpoints could not reach the database for a while) was not: its
 * writer, alive after all, decides how it ended.
 */
export async function finishMessage({
  id,
  ...reply
}: FinishedReply & { id: string }): Promise<MessageRecord> {
  const [finished] = await batchedQueryRaw<MessageRecord>(
    `UPDATE "messages" SET "content" = $1, "error" = $2, "updated_at" = $3, "model" = $4, "reasoning" = $5,
       "reasoning_ms" = $6, "finish_reason" = $7, "prompt_tokens" = $8, "completion_tokens" = $9,
       "usage_estimated" = $10,
       "status" = CASE WHEN "status" = 'streaming' OR "error" = $13 THEN $11 ELSE "status" END
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
    INTERRUPTED_ERROR,
  );
  if (!finished) throw new Error(`Message ${id} is gone.`);
  return finished;
}

export async function getMessageById({ id }: { id: string }): Promise<MessageRecord | null> {
  const [message] = await queryRaw<MessageRecord>(
    `SELECT ${MESSAGE_COLUMNS} FROM "messages" WHERE "id" = $1`,
    id,
  );
  return message ?? null;
}

/** A message of this conversation, or null (another conversation's message is none). */
export async function getConversationMessage({
  conversationId,
  id,
}: {
  conversationId: string;
  id: string;
}): Promise<MessageRecord | null> {
  const [message] = await queryRaw<MessageRecord>(
    `SELECT ${MESSAGE_COLUMNS} FROM "messages" WHERE "id" = $1 AND "conversation_id" = $2`,
    id,
    conversationId,
  );
  return message ?? null;
}

export async function getStreamingMessage({
  conversationId,
}: {
  conversationId: string;
}): Promise<MessageRecord | null> {
  const [message] = await queryRaw<MessageRecord>(
    `SELECT ${MESSAGE_COLUMNS} FROM "messages" WHERE "conversation_id" = $1 AND "status" = 'streaming'
     ORDER BY "id" DESC LIMIT 1`,
    conversationId,
  );
  return message ?? null;
}

/** Asks every instance to stop the conversation's streaming replies; the generating one sees it. */
export async function requestStop({ conversationId }: { conversationId: string }): Promise<number> {
  return executeRaw(
    `UPDATE "messages" SET "status" = 'stopped' WHERE "conversation_id" = $1 AND "status" = 'streaming'`,
    conversationId,
  );
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
  // Every page that shows a conversation asks this first: raw SQL, as on a reply's path.
  const params: unknown[] = [INTERRUPTED_ERROR, staleBefore];
  let where = `"status" = 'streaming' AND "updated_at" < $2`;
  if (conversationId) {
    params.push(conversationId);
    where += ` AND "conversation_id" = $${params.length}`;
  }
  if (exceptIds.length) {
    where += ` AND "id" NOT IN (${placeholders(exceptIds.length, params.length + 1)})`;
    params.push(...exceptIds);
  }
  return executeRaw(`UPDATE "messages" SET "status" = 'error', "error" = $1 WHERE ${where}`, ...params);
}
