import "server-only";
import { getBranchTurns } from "@/lib/db/branches";
import type { ConversationRecord } from "@/lib/db/conversations";
import {
  getConversationMessage,
  getStreamingMessage,
  type MessageRecord,
  TURNS_SHOWN_TO_MODEL,
  type Turn,
} from "@/lib/db/messages";
import { AppError } from "@/lib/errors";
import { getLocalGeneration } from "./generation";

// An edit or a regeneration never replaces what was there: it adds a sibling of the message it is
// about, after the same parent, and the new message becomes the end of the active branch.

/** Editing, regenerating and stepping between branches wait until no reply is being written. */
export async function assertNoReplyBeingWritten(conversation: ConversationRecord): Promise<void> {
  const local = getLocalGeneration({ conversationId: conversation.id });
  if ((local && !local.result) || (await getStreamingMessage({ conversationId: conversation.id }))) {
    throw new AppError("conflict:chat", "A reply is still being written: stop it first.");
  }
}

const messageNotFound = () => new AppError("not_found:message", "That message is not in this conversation.");

/** A message of the conversation, or a 404 (another conversation's, or anyone else's, included). */
async function requireMessage(conversation: ConversationRecord, id: string): Promise<MessageRecord> {
  const message = await getConversationMessage({ conversationId: conversation.id, id });
  if (!message) throw messageNotFound();
  return message;
}

/** What the model is shown of the branch up to `endId` (none before the first message). */
function turnsUpTo(conversation: ConversationRecord, endId: string | null): Promise<Turn[]> {
  return getBranchTurns({ conversationId: conversation.id, endId, limit: TURNS_SHOWN_TO_MODEL });
}

/** The newest messages of the active branch (at most `count`), oldest first. */
function newestOnBranch(conversation: ConversationRecord, count: number): Promise<Turn[]> {
  return getBranchTurns({ conversationId: conversation.id, endId: conversation.activeLeafId, limit: count });
}

/**
 * Where an edit goes: the user's message it rewrites (`messageId`, else the last of the active
 * branch) and the branch before it, which the new version follows.
 */
export async function editPoint(
  conversation: ConversationRecord,
  messageId: string | undefined,
): Promise<{ edited: MessageRecord; turns: Turn[] }> {
  let id = messageId;
  if (!id) {
    id = (await newestOnBranch(conversation, 2)).findLast((turn) => turn.role === "user")?.id;
    if (!id) throw new AppError("conflict:chat", "This conversation has no message to edit yet.");
  }
  const edited = await requireMessage(conversation, id);
  if (edited.role !== "user") {
    throw new AppError(
      "bad_request:message",
      "Only your own messages can be edited: regenerate a reply instead.",
    );
  }
  return { edited, turns: await turnsUpTo(conversation, edited.parentId) };
}

/**
 * Where a regeneration goes: after the user's message that the reply `messageId` (else the last of
 * the active branch) answers, as a new version of that reply; the branch up to that message.
 */
export async function regeneratePoint(
  conversation: ConversationRecord,
  messageId: string | undefined,
): Promise<{ answered: string; turns: Turn[] }> {
  let answered: string | null | undefined;
  if (messageId) {
    const reply = await requireMessage(conversation, messageId);
    if (reply.role !== "assistant") {
      throw new AppError(
        "bad_request:message",
        "Only a reply can be regenerated: edit your message instead.",
      );
    }
    answered = reply.parentId;
  } else {
    const [last] = await newestOnBranch(conversation, 1);
    answered =
      last?.role === "assistant"
        ? (await requireMessage(conversation, last.id as string)).parentId
        : last?.id;
  }
  if (!answered) throw new AppError("conflict:chat", "This conversation has no message to answer yet.");
  return { answered, turns: await turnsUpTo(conversation, answered) };
}
