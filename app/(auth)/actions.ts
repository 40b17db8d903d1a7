"use server";

import { z } from "zod";
import { newPasswordSchema, usernameSchema } from "@/lib/auth/credentials";
import { requestAddress } from "@/lib/auth/login-throttle";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/db/audit";
import { createFirstAdmin, createUser, getUserByUsername } from "@/lib/db/users";
import { env } from "@/lib/env";

export type FirstAccountState = { error?: string; username?: string; created?: { username: string } };

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
  const typed = String(form.get("username") ?? "");
  if (!parsed.success)
    return { error: parsed.error.issues[0]?.message ?? "Check the form.", username: typed };
  const { username, password } = parsed.data;
  const admin = await createFirstAdmin({ username, passwordHash: await hashPassword(password) });
  if (!admin) return { error: "An account already exists. Log in instead.", username: typed };
  return { created: { username: admin.username } };
}

export type SignUpState = { error?: string; username?: string; created?: { username: string } };

const signUpSchema = z
  .object({ username: usernameSchema, password: newPasswordSchema, confirm: z.string() })
  .refine((form) => form.password === form.confirm, {
    message: "The passwords do not match.",
    path: ["confirm"],
  });

/** Creates a plain account, when ALLOW_SIGNUP=true. */
export async function signUp(_previous: SignUpState, form: FormData): Promise<SignUpState> {
  if (!env().ALLOW_SIGNUP) return { error: "Sign-up is closed. Ask an administrator for an account." };
  const parsed = signUpSchema.safeParse({
    username: form.get("username"),
    password: form.get("password"),
    confirm: form.get("confirm"),
  });
  const typed = String(form.get("username") ?? "");
  if (!parsed.success)
    return { error: parsed.error.issues[0]?.message ?? "Check the form.", username: typed };
  const { username, password } = parsed.data;
  if (await getUserByUsername({ username })) return { error: "That username is taken.", username: typed };
  try {
    await createUser({ username, passwordHash: await hashPassword(password), role: "user" });
    await recordAudit({
      action: "signup",
      actor: username,
      target: username,
      address: await requestAddress(),
    });
  } catch {
    return { error: "That username is taken.", username: typed };
  }
  return { created: { username } };
}
