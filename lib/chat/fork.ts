import "server-only";
import { getActiveBranch } from "@/lib/db/branches";
import type { ConversationRecord } from "@/lib/db/conversations";
import { importConversation } from "@/lib/db/import";
import { getConversationMessage } from "@/lib/db/messages";
import { AppError } from "@/lib/errors";

/**
 * Copies the branch from the conversation's first message to `messageId` into a new conversation of
 * the same user, with the same settings and name; the files stay the user's one copy. A reply still
 * being written is copied as far as it got, as stopped. Returns the new conversation's id.
 */
export async function forkConversation(conversation: ConversationRecord, messageId: string): Promise<string> {
  const message = await getConversationMessage({ conversationId: conversation.id, id: messageId });
  if (!message) throw new AppError("not_found:message", "That message is not in this conversation.");
  const branch = await getActiveBranch({ conversationId: conversation.id, leafId: message.id });
  const now = new Date();
  const copy = await importConversation({
    userId: conversation.userId,
    conversation: {
      title: conversation.title,
      summary: conversation.summary,
      model: conversation.model,
      systemPrompt: conversation.systemPrompt,
      temperature: conversation.temperature,
      createdAt: now,
      updatedAt: now,
      // Ids taken, so every message gets a new one; each follows the one before.
      messages: branch.map((copied) => ({
        id: copied.id,
        role: copied.role,
        content: copied.content,
        status: copied.status === "streaming" ? "stopped" : copied.status,
        error: copied.error,
        createdAt: copied.createdAt,
        model: copied.model,
        reasoning: copied.reasoning,
        reasoningMs: copied.reasoningMs,
        finishReason: copied.finishReason,
        usage:
          copied.promptTokens === null
            ? null
            : {
                promptTokens: copied.promptTokens,
                completionTokens: copied.completionTokens ?? 0,
                estimated: Boolean(copied.usageEstimated),
              },
        fileIds: (copied.attachments ?? []).map((file) => file.id),
      })),
    },
  });
  // Only a conversation with a source can be there already; a copy has none.
  if (!copy) throw new Error("The copy was not made.");
  return copy;
}
