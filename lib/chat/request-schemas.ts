import { z } from "zod";

// Conversation ids are UUIDs; on the wire they are `session_id`, the name the original API gave them.
export const conversationIdSchema = z
  .string({ error: "must be a string" })
  .transform((id) => id.toLowerCase())
  .pipe(z.uuid({ error: "must be a UUID" }));

export const messageTextSchema = z
  .string({ error: "must be a string" })
  .refine((text) => text.trim().length > 0, "must not be blank")
  .refine((text) => !text.includes("\u0000"), "must not contain NUL characters");

export const chatRequestSchema = z.object(
  {
    data: messageTextSchema,
    session_id: conversationIdSchema,
    stream: z.boolean({ error: "must be true or false" }).optional(),
  },
  { error: "must be a JSON object with data and session_id" },
);
