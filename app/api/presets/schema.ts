import { z } from "zod";
import { modelIdSchema, systemPromptSchema, temperatureSchema } from "@/lib/chat/request-schemas";

const name = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, "must not be blank")
  .max(100, "is at most 100 characters")
  .refine((value) => !value.includes("\u0000"), "must not contain NUL characters");

export const createPresetSchema = z.object(
  {
    name,
    system_prompt: systemPromptSchema,
    model: modelIdSchema.nullable().optional(),
    temperature: temperatureSchema.nullable().optional(),
    shared: z.boolean({ error: "must be true or false" }).optional(),
  },
  { error: "must be a JSON object with name and system_prompt" },
);

export const updatePresetSchema = createPresetSchema
  .partial()
  .refine((body) => Object.keys(body).length > 0, "give a field to change");
