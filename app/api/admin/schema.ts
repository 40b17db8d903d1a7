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
