import "server-only";
import { z } from "zod";
import { EXPORT_FORMAT } from "@/lib/chat/export-format";
import { conversationSettingsFields } from "@/lib/chat/request-schemas";
import { env } from "@/lib/env";

const text = z.string().refine((value) => !value.includes("\u0000"), "must not contain NUL characters");
const timestamp = z.iso.datetime({ offset: true });

// Base64, as an export writes a file's bytes: checked before anything is decoded.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A file a message carried, with its bytes; it is checked and stored as an upload is. */
function importedAttachmentSchema(maxFileBytes: number) {
  const maxChars = Math.ceil(maxFileBytes / 3) * 4;
  return z.object({
    id: z.string().max(100).optional(),
    name: text.max(1000),
    data: z
      .string()
      .max(maxChars, `is over the ${Math.round(maxFileBytes / 1024 / 1024)} MiB a file may have`)
      .regex(BASE64, "must be the file's bytes in base64"),
  });
}

// As many as an account could hold; MAX_IMPORT_BYTES bounds a file first.
export const MAX_IMPORTED_CONVERSATIONS = 100_000;
const MAX_IMPORTED_MESSAGES_PER_CONVERSATION = 100_000;

/**
 * One conversation of an export (GET /api/export or a conversation's JSON export), with the same
 * limits as messages sent through the chat: a user's message at most MAX_MESSAGE_CHARS characters,
 * a reply at most MAX_REPLY_CHARS, at most 10 files on a message of the user's.
 */
export function importedConversationSchema() {
  const { MAX_MESSAGE_CHARS, MAX_REPLY_CHARS, MAX_FILE_BYTES } = env();
  return z
    .object({
      session_id: z.string().max(100).optional(),
      title: text.max(200).nullable().optional(),
      summary: text.max(500).nullable().optional(),
      created_at: timestamp,
      updated_at: timestamp,
      ...conversationSettingsFields,
      active_leaf_id: z.string().max(100).nullable().optional(),
      messages: z
        .array(
          z
            .object({
              id: z.string().max(100).optional(),
              // The message it follows, an earlier one of the list; null: a first message; absent
              // (exports from before branches): the message before it.
              parent_id: z.string().max(100).nullable().optional(),
              role: z.enum(["user", "assistant"]),
              content: text,
              status: z.enum(["streaming", "complete", "stopped", "error"]).default("complete"),
              error: text.max(1000).nullable().optional(),
              timestamp,
              model: text.max(200).nullable().optional(),
              reasoning: text.max(MAX_REPLY_CHARS).nullable().optional(),
              reasoning_ms: z.number().int().min(0).nullable().optional(),
              finish_reason: text.max(50).nullable().optional(),
              usage: z
                .object({
                  prompt_tokens: z.number().int().min(0),
                  completion_tokens: z.number().int().min(0),
                  estimated: z.boolean(),
                })
                .nullable()
                .optional(),
              attachments: z
                .array(importedAttachmentSchema(MAX_FILE_BYTES))
                .max(10, "at most 10 files")
                .default([]),
            })
            .superRefine((message, context) => {
              if (message.role === "assistant" && message.attachments.length > 0) {
                context.addIssue({
                  code: "custom",
                  path: ["attachments"],
                  message: "only a message of the user's carries files",
                });
              }
              const limit = message.role === "user" ? MAX_MESSAGE_CHARS : MAX_REPLY_CHARS;
              if (message.content.length > limit) {
                context.addIssue({
                  code: "custom",
                  path: ["content"],
                  message: `has ${message.content.length.toLocaleString("en")} characters; ${message.role === "user" ? "a message" : "a reply"} has at most ${limit.toLocaleString("en")}`,
                });
              }
            }),
        )
        .max(MAX_IMPORTED_MESSAGES_PER_CONVERSATION),
    })
    .superRefine((conversation, context) => {
      // Parents come before their replies, so what is read is a tree (no cycle can be written).
      const seen = new Set<string>();
      for (const [index, message] of conversation.messages.entries()) {
        const parent = message.parent_id?.toLowerCase();
        if (parent && !seen.has(parent)) {
          context.addIssue({
            code: "custom",
            path: ["messages", index, "parent_id"],
            message: `${message.parent_id} is not the id of an earlier message of this conversation`,
          });
          return;
        }
        if (message.id) seen.add(message.id.toLowerCase());
      }
      const leaf = conversation.active_leaf_id?.toLowerCase();
      if (leaf && !seen.has(leaf)) {
        context.addIssue({
          code: "custom",
          path: ["active_leaf_id"],
          message: `${conversation.active_leaf_id} is not the id of a message of this conversation`,
        });
      }
    });
}

export type ImportedConversation = z.infer<ReturnType<typeof importedConversationSchema>>;

export const envelopeFields = {
  format: z.literal(EXPORT_FORMAT, { error: `format must be "${EXPORT_FORMAT}"` }),
  version: z.literal(1, { error: "version must be 1" }),
};
