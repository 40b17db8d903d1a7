import type { MessageRecord } from "@/lib/db/messages";
import { toApiFile } from "@/lib/files/api-file";

/** A message as the API gives it; the client's types are derived from this mapper. */
export type ApiMessage = ReturnType<typeof toApiMessage>;

export function toApiMessage(message: MessageRecord) {
  const usage =
    message.promptTokens === null
      ? null
      : {
          prompt_tokens: message.promptTokens,
          completion_tokens: message.completionTokens ?? 0,
          estimated: Boolean(message.usageEstimated),
        };
  return {
    id: message.id,
    /** The message it follows; null for the first. */
    parent_id: message.parentId,
    /** Its parent's children, itself included, oldest first: the versions to step between. */
    sibling_ids: message.siblingIds ?? [message.id],
    role: message.role,
    content: message.content,
    status: message.status,
    ...(message.error ? { error: message.error } : {}),
    timestamp: message.createdAt.toISOString(),
    /** The model that wrote a reply, as its server named it; null for the user's messages. */
    model: message.model,
    /** A reasoning model's thinking, kept apart from the answer; null when there was none. */
    reasoning: message.reasoning,
    reasoning_ms: message.reasoningMs,
    finish_reason: message.finishReason,
    usage,
    /** The files a user's message carries ([] when none). */
    attachments: (message.attachments ?? []).map(toApiFile),
  };
}
