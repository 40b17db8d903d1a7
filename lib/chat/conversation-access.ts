import "server-only";
import { sessionIdSchema } from "@/app/api/schema";
import { type ConversationRecord, getConversationForUser } from "@/lib/db/conversations";
import {
  getMessagesByConversationId,
  getTurnsByConversationId,
  interruptStaleMessages,
  type MessageRecord,
  type Turn,
} from "@/lib/db/messages";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { localGenerationIds } from "./generation";

export function parseSessionId(raw: unknown): string {
  const parsed = sessionIdSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_request:session_id", "session_id: must be a UUID");
  return parsed.data;
}

/** The user's own conversation; anyone else's is answered exactly like one that does not exist. */
export async function requireOwnConversation({
  id,
  userId,
}: {
  id: string;
  userId: string;
}): Promise<ConversationRecord> {
  const conversation = await getConversationForUser({ id, userId });
  if (!conversation) throw new AppError("not_found:chat", "Conversation not found.");
  return conversation;
}

/**
 * The user's own conversation and what the model is shown of it, read at once (one wait for the
 * database rather than two, before a reply); the messages of anyone else's are never returned.
 */
export async function requireOwnConversationWithTurns({
  id,
  userId,
}: {
  id: string;
  userId: string;
}): Promise<{ conversation: ConversationRecord; turns: Turn[] }> {
  const [conversation, turns] = await Promise.all([
    requireOwnConversation({ id, userId }),
    getTurnsByConversationId({ conversationId: id }),
  ]);
  return { conversation, turns };
}

/** Marks replies abandoned by a dead server as interrupted before anyone reads them as live. */
export async function settleAbandonedReplies(conversationId: string): Promise<void> {
  await interruptStaleMessages({
    staleBefore: new Date(Date.now() - env().STREAM_STALE_MS),
    conversationId,
    exceptIds: localGenerationIds(),
  });
}

export async function loadMessages(conversationId: string): Promise<MessageRecord[]> {
  await settleAbandonedReplies(conversationId);
  return getMessagesByConversationId({ conversationId });
}
