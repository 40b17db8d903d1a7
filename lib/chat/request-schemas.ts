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

const noNul = (text: string) => !text.includes("\u0000");

/** A model id as the catalogue gives it (`<prefix>/<upstream id>`). */
export const modelIdSchema = z
  .string({ error: "must be a model id, or null for the default" })
  .min(1, "must not be empty")
  .max(300, "is at most 300 characters")
  .refine(noNul, "must not contain NUL characters");

export const systemPromptSchema = z
  .string({ error: "must be a string, or null for the default" })
  .max(20_000, "is at most 20,000 characters")
  .refine(noNul, "must not contain NUL characters");

export const temperatureSchema = z
  .number({ error: "must be a number from 0 to 2, or null for the model's own" })
  .min(0, "must be from 0 to 2")
  .max(2, "must be from 0 to 2");

/** A conversation's settings as they are sent: each may be null, for the default. */
export const conversationSettingsFields = {
  model: modelIdSchema.nullable().optional(),
  system_prompt: systemPromptSchema.nullable().optional(),
  temperature: temperatureSchema.nullable().optional(),
};

export const chatRequestSchema = z.object(
  {
    data: messageTextSchema,
    session_id: conversationIdSchema,
    stream: z.boolean({ error: "must be true or false" }).optional(),
    // The conversation answers with this model from this message on.
    model: modelIdSchema.optional(),
  },
  { error: "must be a JSON object with data and session_id" },
);

export const newConversationSchema = z.object(
  { ...conversationSettingsFields, preset_id: z.uuid({ error: "must be a preset's id" }).optional() },
  { error: "must be a JSON object" },
);
