import { z } from "zod";

// Conversation ids are UUIDs; on the wire they are `session_id`, the name the original API gave them.
export const conversationIdSchema = z
  .string({ error: "must be a string" })
  .transform((id) => id.toLowerCase())
  .pipe(z.uuid({ error: "must be a UUID" }));

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

/** A message's id, as the API gives it. */
export const messageIdSchema = z
  .string({ error: "must be a message id" })
  .transform((id) => id.toLowerCase())
  .pipe(z.uuid({ error: "must be a message id" }));

/** Files a message carries, by the ids their upload gave (at most 10). */
export const attachmentsSchema = z
  .array(z.uuid({ error: "must be file ids" }), { error: "must be a list of file ids" })
  .max(10, "at most 10 files");

/** A message's text may be empty when it carries files: a picture can be the whole question. */
const textOrFiles = (body: { data: string; attachments?: string[] }) =>
  body.data.trim().length > 0 || (body.attachments?.length ?? 0) > 0;

export const chatRequestSchema = z
  .object(
    {
      data: z.string({ error: "must be a string" }).refine(noNul, "must not contain NUL characters"),
      session_id: conversationIdSchema,
      stream: z.boolean({ error: "must be true or false" }).optional(),
      // The conversation answers with this model from this message on.
      model: modelIdSchema.optional(),
      attachments: attachmentsSchema.optional(),
    },
    { error: "must be a JSON object with data and session_id" },
  )
  .refine(textOrFiles, { message: "must not be blank", path: ["data"] });

export const editRequestSchema = z
  .object(
    {
      data: z.string({ error: "must be a string" }).refine(noNul, "must not contain NUL characters"),
      stream: z.boolean({ error: "must be true or false" }).optional(),
      // Given: the message carries these files instead; absent: it keeps its own.
      attachments: attachmentsSchema.optional(),
      // The user's message to edit; absent: the last one of the active branch.
      message_id: messageIdSchema.optional(),
    },
    { error: "must be a JSON object with data" },
  )
  .refine(textOrFiles, { message: "must not be blank", path: ["data"] });

export const newConversationSchema = z.object(
  {
    ...conversationSettingsFields,
    preset_id: z.uuid({ error: "must be a preset's id" }).optional(),
    // It starts in this folder of the user's, with the folder's system prompt if it has one.
    folder_id: z
      .uuid({ error: "must be a folder's id" })
      .transform((id) => id.toLowerCase())
      .optional(),
  },
  { error: "must be a JSON object" },
);
