import type { ConversationRecord } from "@/lib/db/conversations";
import type { MessageRecord } from "@/lib/db/messages";
import { toApiConversation } from "./api-conversation";
import { toApiMessage } from "./api-message";

export const EXPORT_FORMAT = "chat-history-export";

export function exportedConversation(conversation: ConversationRecord, messages: MessageRecord[]) {
  return { ...toApiConversation(conversation), messages: messages.map(toApiMessage) };
}

export function exportEnvelope(conversations: unknown[]) {
  return { format: EXPORT_FORMAT, version: 1, exported_at: new Date().toISOString(), conversations };
}

export function toMarkdown(conversation: ConversationRecord, messages: MessageRecord[]): string {
  const heading = conversation.title ?? conversation.summary ?? "Conversation";
  const parts = [`# ${heading}`, "", `Started ${conversation.createdAt.toISOString()}`, ""];
  for (const message of messages) {
    const who = message.role === "user" ? "You" : "Assistant";
    const note =
      message.status === "complete" ? "" : ` (${message.status}${message.error ? `: ${message.error}` : ""})`;
    parts.push(`## ${who}, ${message.createdAt.toISOString()}${note}`, "", message.content, "");
  }
  return parts.join("\n");
}
