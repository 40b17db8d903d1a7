import { z } from "zod";
import type { ConversationRecord } from "@/lib/db/conversations";
import type { MessageRecord } from "@/lib/db/messages";
import { toApiMessage } from "./api-message";
import { toApiSession } from "./api-session";

export const EXPORT_FORMAT = "chat-history-export";

export function exportedConversation(conversation: ConversationRecord, messages: MessageRecord[]) {
  return { ...toApiSession(conversation), messages: messages.map(toApiMessage) };
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

const text = z.string().refine((value) => !value.includes("\u0000"), "must not contain NUL characters");
const timestamp = z.iso.datetime({ offset: true });

export const importSchema = z.object({
  format: z.literal(EXPORT_FORMAT, { error: `format must be "${EXPORT_FORMAT}"` }),
  version: z.literal(1, { error: "version must be 1" }),
  conversations: z
    .array(
      z.object({
        session_id: z.string().optional(),
        title: text.max(200).nullable().optional(),
        summary: text.max(500).nullable().optional(),
        created_at: timestamp,
        updated_at: timestamp,
        messages: z
          .array(
            z.object({
              id: z.string().optional(),
              role: z.enum(["user", "assistant"]),
              content: text,
              status: z.enum(["streaming", "complete", "stopped", "error"]).default("complete"),
              error: text.max(1000).nullable().optional(),
              timestamp,
            }),
          )
          .max(100_000),
      }),
    )
    .max(100_000),
});

export type ImportFile = z.infer<typeof importSchema>;
