import { z } from "zod";
import { conversationSettingsFields, messageIdSchema } from "@/lib/chat/request-schemas";

const streamFlag = z.boolean({ error: "must be true or false" }).optional();

export const regenerateRequestSchema = z.object(
  // The reply to regenerate; absent: the last one of the active branch.
  { stream: streamFlag, message_id: messageIdSchema.optional() },
  { error: "must be a JSON object" },
);

/** For stepping to a branch, and for forking one into a new conversation. */
export const messageRequestSchema = z.object(
  { message_id: messageIdSchema },
  { error: "must be a JSON object with message_id" },
);

export { editRequestSchema } from "@/lib/chat/request-schemas";

export const updateConversationSchema = z
  .object(
    {
      title: z
        .string({ error: "must be a string, or null to clear it" })
        .trim()
        .max(200, "must be at most 200 characters")
        .refine((title) => !title.includes("\u0000"), "must not contain NUL characters")
        .nullable()
        .optional(),
      ...conversationSettingsFields,
      folder_id: z.uuid({ error: "must be a folder's id, or null for none" }).nullable().optional(),
      pinned: z.boolean({ error: "must be true or false" }).optional(),
      archived: z.boolean({ error: "must be true or false" }).optional(),
    },
    { error: "must be a JSON object" },
  )
  .refine(
    (body) => Object.keys(body).length > 0,
    "give title, model, system_prompt, temperature, folder_id, pinned or archived",
  );
