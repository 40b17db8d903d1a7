import "server-only";
import type { ConversationRecord } from "@/lib/db/conversations";
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
}: {
  conversation: ConversationRecord;
  newText?: string;
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
  await deleteMessagesAfter({ conversationId: conversation.id, id: lastUserMessage.id });
}
