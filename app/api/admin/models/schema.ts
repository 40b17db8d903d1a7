import { z } from "zod";

export const updateModelSchema = z
  .object(
    {
      enabled: z.boolean({ error: "must be true or false" }).optional(),
      name: z
        .string({ error: "must be a string, or null for the server's id" })
        .trim()
        .min(1)
        .max(100)
        .refine((name) => !name.includes("\u0000"))
        .nullable()
        .optional(),
      default: z
        .literal(true, { error: "can only be true: make another model the default instead" })
        .optional(),
      vision: z.boolean({ error: "must be true or false" }).optional(),
    },
    { error: "must be a JSON object" },
  )
  .refine((body) => Object.keys(body).length > 0, "give enabled, name, default or vision");
