import type { ConversationRecord } from "@/lib/db/conversations";
import type { MessageRecord } from "@/lib/db/messages";
import { formatBytes } from "@/lib/format-bytes";

export const EXPORT_FORMAT = "chat-history-export";

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
    const files = message.attachments ?? [];
    if (files.length)
      parts.push(
        ...files.map((file) => `- Attached: ${file.name} (${file.type}, ${formatBytes(file.size)})`),
        "",
      );
  }
  return parts.join("\n");
}
