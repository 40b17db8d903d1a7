import "server-only";
import type { ConversationRecord } from "@/lib/db/conversations";
import { replaceAttachments } from "@/lib/db/files";
import { deleteMessagesAfter, updateMessageContent } from "@/lib/db/messages";
import { AppError } from "@/lib/errors";
import { loadMessages } from "./conversation-access";
import { getLocalGeneration } from "./generation";

/**
 * Prepares a new reply to the last user message (regenerate), optionally with new text (edit):
 * the replies after it are removed, so the history the model sees is the edited one.
 */
export async function rewindToLastUserMessage({
  conversation,
  newText,
  newFileIds,
}: {
  conversation: ConversationRecord;
  newText?: string;
  /** The files the last user message carries from now on (its own when absent). */
  newFileIds?: string[];
}): Promise<void> {
  const messages = await loadMessages(conversation.id);
  const busy = getLocalGeneration({ conversationId: conversation.id });
  if ((busy && !busy.result) || messages.some((message) => message.status === "streaming")) {
    throw new AppError("conflict:chat", "A reply is still being written: stop it first.");
  }
  const lastUserMessage = messages.findLast((message) => message.role === "user");
  if (!lastUserMessage)
    throw new AppError("conflict:chat", "This conversation has no message to answer yet.");
  if (newText !== undefined) await updateMessageContent({ id: lastUserMessage.id, content: newText });
  if (newFileIds !== undefined) {
    await replaceAttachments({
      messageId: lastUserMessage.id,
      userId: conversation.userId,
      fileIds: newFileIds,
    });
  }
  await deleteMessagesAfter({ conversationId: conversation.id, id: lastUserMessage.id });
}
