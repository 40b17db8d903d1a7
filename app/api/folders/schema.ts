import { z } from "zod";
import { systemPromptSchema } from "@/lib/chat/request-schemas";

const name = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, "must not be blank")
  .max(100, "is at most 100 characters")
  .refine((value) => !value.includes("\u0000"), "must not contain NUL characters");

const parentId = z
  .uuid({ error: "must be a folder's id, or null for the top" })
  .transform((id) => id.toLowerCase());

export const createFolderSchema = z.object(
  {
    name,
    parent_id: parentId.nullable().optional(),
    // New conversations in the folder take it.
    system_prompt: systemPromptSchema.nullable().optional(),
  },
  { error: "must be a JSON object with a name" },
);

export const updateFolderSchema = z
  .object(
    {
      name: name.optional(),
      parent_id: parentId.nullable().optional(),
      system_prompt: systemPromptSchema.nullable().optional(),
    },
    { error: "must be a JSON object" },
  )
  .refine((body) => Object.keys(body).length > 0, "give name, parent_id or system_prompt");

export const deleteFolderQuerySchema = z.object({
  delete_conversations: z.enum(["true", "false"]).optional(),
});
