import { z } from "zod";
import { newPasswordSchema, usernameSchema } from "@/lib/auth/credentials";

const role = z.enum(["admin", "user"], { error: 'must be "admin" or "user"' });

export const createUserSchema = z.object(
  { username: usernameSchema, password: newPasswordSchema, role: role.default("user") },
  { error: "must be a JSON object with username and password" },
);

export const updateUserSchema = z
  .object(
    {
      role: role.optional(),
      disabled: z.boolean({ error: "must be true or false" }).optional(),
      password: newPasswordSchema.optional(),
    },
    { error: "must be a JSON object" },
  )
  .refine((body) => Object.keys(body).length > 0, "give role, disabled or password");

// Event ids are UUIDv7, so an id is also the event's place in time: it serves as the cursor.
export const auditQuerySchema = z.object({
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1).max(500).default(100),
  cursor: z.uuid({ error: "cursor is not one this API gave out" }).optional(),
});
