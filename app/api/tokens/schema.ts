import { z } from "zod";

export const createTokenSchema = z.object(
  {
    name: z
      .string({ error: "must be a string" })
      .trim()
      .min(1, "must not be blank")
      .max(100, "must be at most 100 characters")
      .refine((name) => !name.includes("\u0000"), "must not contain NUL characters"),
    expires_in_days: z.number({ error: "must be a number" }).int().min(1).max(3650).optional(),
  },
  { error: "must be a JSON object with name" },
);
