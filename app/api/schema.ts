import { z } from "zod";

export const sessionIdSchema = z
  .string({ error: "must be a string" })
  .transform((id) => id.toLowerCase())
  .pipe(z.uuid({ error: "must be a UUID" }));

export const chatRequestSchema = z.object(
  {
    data: z
      .string({ error: "must be a string" })
      .refine((text) => text.trim().length > 0, "must not be blank")
      .refine((text) => !text.includes("\u0000"), "must not contain NUL characters"),
    session_id: sessionIdSchema,
  },
  { error: "must be a JSON object with data and session_id" },
);
