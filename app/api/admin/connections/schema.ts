import { z } from "zod";

const noNul = (text: string) => !text.includes("\u0000");

const baseUrl = z
  .string({ error: "must be a URL" })
  .max(500, "is at most 500 characters")
  .refine((value) => {
    try {
      return ["http:", "https:"].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, "must be an http:// or https:// URL")
  // A password in the address would be shown wherever the address is: the key has its own field.
  .refine((value) => URL.canParse(value) && !new URL(value).username && !new URL(value).password, {
    message: "must not hold a user name or password: put the key in api_key",
  });

const fields = {
  name: z.string({ error: "must be a string" }).trim().min(1, "must not be blank").max(100).refine(noNul),
  base_url: baseUrl,
  api_key: z.string({ error: "must be a string" }).max(1_000).refine(noNul).nullable(),
  prefix: z
    .string({ error: "must be a string" })
    .regex(
      /^[a-z0-9][a-z0-9._-]{0,39}$/,
      "is 1 to 40 lower-case letters, digits, dots, dashes or underscores",
    )
    .nullable(),
  enabled: z.boolean({ error: "must be true or false" }),
  models: z
    .array(z.string().min(1).max(300).refine(noNul), { error: "must be a list of model ids" })
    .max(200, "at most 200 models"),
};

export const createConnectionSchema = z.object(
  {
    name: fields.name,
    base_url: fields.base_url,
    api_key: fields.api_key.optional(),
    prefix: fields.prefix.optional(),
    enabled: fields.enabled.optional(),
    models: fields.models.optional(),
  },
  { error: "must be a JSON object with name and base_url" },
);

export const updateConnectionSchema = createConnectionSchema
  .partial()
  .refine((body) => Object.keys(body).length > 0, "give a field to change");
