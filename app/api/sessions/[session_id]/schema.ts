import { z } from "zod";
import { messageTextSchema } from "@/lib/chat/request-schemas";

const streamFlag = z.boolean({ error: "must be true or false" }).optional();

export const regenerateRequestSchema = z.object({ stream: streamFlag }, { error: "must be a JSON object" });

export const editRequestSchema = z.object(
  { data: messageTextSchema, stream: streamFlag },
  { error: "must be a JSON object with data" },
);

export const renameRequestSchema = z.object(
  {
    title: z
      .string({ error: "must be a string, or null to clear it" })
      .trim()
      .max(200, "must be at most 200 characters")
      .refine((title) => !title.includes("\u0000"), "must not contain NUL characters")
      .nullable(),
  },
  { error: "must be a JSON object with title" },
);
