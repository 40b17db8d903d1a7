import "server-only";
import { uuidv7, uuidv7Floor } from "@/lib/ids";
import { db } from "./client";

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
};

type NewMessage = { role: MessageRole; content: string; status?: MessageStatus; error?: string | null };

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
    id: uuidv7(createdAt.getTime()),
    conversationId,
    userId,
    role: message.role,
    content: message.content,
    status: message.status ?? "complete",
    error: message.error ?? null,
    createdAt,
    updatedAt: createdAt,
  }));
}

/** Saves new messages of one conversation and marks it as just used, in one transaction. */
export async function appendMessages(rows: MessageRecord[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  await db().$transaction([
    db().message.createMany({ data: rows }),
    db().conversation.update({ where: { id: first.conversationId }, data: { updatedAt: first.createdAt } }),
  ]);
}

export async function getMessagesByConversationId({
  conversationId,
}: {
  conversationId: string;
}): Promise<MessageRecord[]> {
  return (await db().message.findMany({
    where: { conversationId },
    orderBy: { id: "asc" },
  })) as MessageRecord[];
}

export const INTERRUPTED_ERROR = "Interrupted: the server stopped while writing this reply.";

/** Records the text so far of a reply being streamed; 0 when it is no longer streaming (stopped). */
export async function checkpointMessage({ id, content }: { id: string; content: string }): Promise<number> {
  const { count } = await db().message.updateMany({
    where: { id, status: "streaming" },
    data: { content, updatedAt: new Date() },
  });
  return count;
}

/** Stores the end of a streamed reply. A reply stopped meanwhile keeps its `stopped` status. */
export async function finishMessage({
  id,
  content,
  status,
  error = null,
}: {
  id: string;
  content: string;
  status: Exclude<MessageStatus, "streaming">;
  error?: string | null;
}): Promise<MessageRecord> {
  const now = new Date();
  const { count } = await db().message.updateMany({
    where: { id, status: "streaming" },
    data: { content, status, error, updatedAt: now },
  });
  if (count === 0) await db().message.updateMany({ where: { id }, data: { content, updatedAt: now } });
  return (await db().message.findUniqueOrThrow({ where: { id } })) as MessageRecord;
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
  return { messages: page, nextCursor: hasMore ? (page[0]?.id ?? null) : null };
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
  const messages = [...earlier, ...newer] as MessageRecord[];
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
