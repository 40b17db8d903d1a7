import "server-only";
import {
  getBranchAround,
  getBranchPage,
  getNewestLeafUnder,
  isOnBranch,
  setActiveLeaf,
} from "@/lib/db/branches";
import type { ConversationRecord } from "@/lib/db/conversations";
import type { MessageRecord } from "@/lib/db/messages";
import { AppError } from "@/lib/errors";
import { assertNoReplyBeingWritten } from "./branch-point";

export type MessagePage = { messages: MessageRecord[]; nextCursor: string | null };

/** A page of the conversation's active branch: the newest, or the one before `cursor`. */
export function activeBranchPage(
  conversation: ConversationRecord,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<MessagePage> {
  return getBranchPage({ conversationId: conversation.id, leafId: conversation.activeLeafId, limit, cursor });
}

/**
 * Makes the branch through `messageId` the active one (ending at its newest leaf) and returns the
 * conversation as it now is; a 404 when the message is not the conversation's.
 */
export async function stepToBranch(
  conversation: ConversationRecord,
  messageId: string,
): Promise<ConversationRecord> {
  await assertNoReplyBeingWritten(conversation);
  const leafId = await getNewestLeafUnder({ conversationId: conversation.id, messageId });
  if (!leafId) throw new AppError("not_found:message", "That message is not in this conversation.");
  await setActiveLeaf({ conversationId: conversation.id, leafId });
  return { ...conversation, activeLeafId: leafId };
}

/**
 * The messages around `messageId` (a search hit), on its branch: a hit on another branch makes that
 * branch the active one, as stepping to it would (unless a reply is being written: then the active
 * branch stays). Null when the message is not the conversation's.
 */
export async function openAtMessage(
  conversation: ConversationRecord,
  messageId: string,
): Promise<MessagePage | null> {
  let leafId = conversation.activeLeafId;
  if (!leafId) return null;
  if (!(await isOnBranch({ conversationId: conversation.id, leafId, messageId }))) {
    const stepped = await stepToBranch(conversation, messageId).catch((error: unknown) => {
      if (error instanceof AppError) return null;
      throw error;
    });
    if (!stepped?.activeLeafId) return null;
    leafId = stepped.activeLeafId;
  }
  const page = await getBranchAround({ conversationId: conversation.id, leafId, messageId });
  return page.messages.length > 0 ? page : null;
}
