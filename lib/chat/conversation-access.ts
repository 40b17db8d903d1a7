import "server-only";
import { getClaimedUserId, requireUser } from "@/lib/auth/current-user";
import { conversationIdSchema } from "@/lib/chat/request-schemas";
import type { SessionUser } from "@/lib/db/auth-sessions";
import {
  type ConversationRecord,
  getConversationForUser,
  getConversationWithTurnsForUser,
} from "@/lib/db/conversations";
import {
  getMessagesByConversationId,
  interruptStaleMessages,
  type MessageRecord,
  type Turn,
} from "@/lib/db/messages";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log/logger.mjs";
import { localGenerationIds } from "./generation";

const conversationNotFound = () => new AppError("not_found:chat", "Conversation not found.");

export function parseConversationId(raw: unknown): string {
  const parsed = conversationIdSchema.safeParse(raw);
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
  if (!conversation) throw conversationNotFound();
  return conversation;
}

/**
 * The signed-in user, their conversation and what the model is shown of it. A login cookie names
 * its user, so that user's conversation is read while the session is checked: one wait for the
 * database before a reply rather than two. The session still decides: when it is not live, nothing
 * read ahead is used.
 */
export async function requireUserAndOwnConversation({ id }: { id: string }): Promise<{
  user: SessionUser;
  conversation: ConversationRecord;
  turns: Turn[];
}> {
  const claimedUserId = await getClaimedUserId();
  const readAhead = claimedUserId ? getConversationWithTurnsForUser({ id, userId: claimedUserId }) : null;
  // Its failure, if any, is reported below, once the user is known.
  readAhead?.catch(() => {});
  const user = await requireUser();
  const found =
    readAhead && user.id === claimedUserId
      ? await readAhead
      : await getConversationWithTurnsForUser({ id, userId: user.id });
  if (!found) throw conversationNotFound();
  return { user, ...found };
}

/** Before this, a streaming reply's last checkpoint means its writer died. */
const staleBefore = () => new Date(Date.now() - env().STREAM_STALE_MS);

/** At start: every reply whose writer died (none of them is this instance's yet). */
export async function interruptStaleReplies(): Promise<void> {
  try {
    const count = await interruptStaleMessages({ staleBefore: staleBefore() });
    if (count > 0) log.info({ count }, "marked replies interrupted");
  } catch (error) {
    log.warn({ error: (error as Error).message }, "marking interrupted replies failed");
  }
}

/** Marks replies abandoned by a dead server as interrupted before anyone reads them as live. */
export async function settleAbandonedReplies(conversationId: string): Promise<void> {
  await interruptStaleMessages({
    staleBefore: staleBefore(),
    conversationId,
    exceptIds: localGenerationIds(),
  });
}

export async function loadMessages(conversationId: string): Promise<MessageRecord[]> {
  await settleAbandonedReplies(conversationId);
  return getMessagesByConversationId({ conversationId });
}
