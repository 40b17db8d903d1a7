"use server";

import { z } from "zod";
import { newPasswordSchema, usernameSchema } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { createFirstAdmin } from "@/lib/db/users";

export type FirstAccountState = { error?: string; created?: { username: string } };

const firstAccountSchema = z
  .object({ username: usernameSchema, password: newPasswordSchema, confirm: z.string() })
  .refine((form) => form.password === form.confirm, {
    message: "The passwords do not match.",
    path: ["confirm"],
  });

/** Creates the first account, as admin; refused once any account exists. */
export async function createFirstAccount(
  _previous: FirstAccountState,
  form: FormData,
): Promise<FirstAccountState> {
  const parsed = firstAccountSchema.safeParse({
    username: form.get("username"),
    password: form.get("password"),
    confirm: form.get("confirm"),
  });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check the form." };
  const { username, password } = parsed.data;
  const admin = await createFirstAdmin({ username, passwordHash: await hashPassword(password) });
  if (!admin) return { error: "An account already exists. Log in instead." };
  return { created: { username: admin.username } };
}
