import "server-only";
import { ModelError, streamCompletion } from "@/lib/ai/stream-completion";
import { generateSummary } from "@/lib/ai/summary";
import type { ConversationRecord } from "@/lib/db/conversations";
import { setConversationSummary } from "@/lib/db/conversations";
import { appendMessage, getMessagesByConversationId, type MessageRecord } from "@/lib/db/messages";
import { AppError } from "@/lib/errors";
import { toModelTurns } from "./model-turns";

// How long a reply waits for a slow summary before answering; the summary still lands later.
const SUMMARY_GRACE_MS = 2_000;

function summarise(conversation: ConversationRecord, messages: MessageRecord[]): Promise<void> {
  if (conversation.summary !== null) return Promise.resolve();
  const firstUserMessage = messages.find((message) => message.role === "user");
  if (!firstUserMessage) return Promise.resolve();
  return generateSummary({ message: firstUserMessage.content })
    .then((summary) => (summary ? setConversationSummary({ id: conversation.id, summary }) : undefined))
    .catch((error) => console.warn("Saving the summary failed:", (error as Error).message));
}

function graceFor(task: Promise<void>): Promise<void> {
  return Promise.race([task, new Promise<void>((resolve) => setTimeout(resolve, SUMMARY_GRACE_MS).unref())]);
}

/**
 * Saves the user's message (kept whatever happens next), sends the whole conversation to the model
 * and saves its reply. A conversation without a summary gets one from a second, concurrent call.
 */
export async function sendMessage({
  conversation,
  content,
}: {
  conversation: ConversationRecord;
  content: string;
}): Promise<{ reply: MessageRecord; history: MessageRecord[] }> {
  await appendMessage({ conversationId: conversation.id, role: "user", content });
  const messages = await getMessagesByConversationId({ conversationId: conversation.id });
  const summary = summarise(conversation, messages);

  try {
    const text = await streamCompletion({ messages: toModelTurns(messages) });
    const reply = await appendMessage({ conversationId: conversation.id, role: "assistant", content: text });
    await graceFor(summary);
    return { reply, history: await getMessagesByConversationId({ conversationId: conversation.id }) };
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    await appendMessage({
      conversationId: conversation.id,
      role: "assistant",
      content: error.partial,
      status: "error",
      error: error.message,
    });
    await graceFor(summary);
    if (error.failure === "timeout") throw new AppError("timeout:model", error.message);
    throw new AppError("bad_gateway:model", error.message);
  }
}
