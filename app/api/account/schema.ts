import { z } from "zod";
import { newPasswordSchema } from "@/lib/auth/credentials";
import { MAX_PASSWORD_LENGTH } from "@/lib/auth/password";

export const changePasswordSchema = z.object(
  {
    current_password: z.string({ error: "must be a string" }).min(1, "is required").max(MAX_PASSWORD_LENGTH),
    new_password: newPasswordSchema,
  },
  { error: "must be a JSON object with current_password and new_password" },
);
