"use server";

import { z } from "zod";
import { newPasswordSchema, usernameSchema } from "@/lib/auth/credentials";
import type { NewAccountState } from "@/lib/auth/new-account-state";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/db/audit";
import { createFirstAdmin, createUser, getUserByUsername } from "@/lib/db/users";
import { env } from "@/lib/env";

const newAccountSchema = z
  .object({ username: usernameSchema, password: newPasswordSchema, confirm: z.string() })
  .refine((form) => form.password === form.confirm, {
    message: "The passwords do not match.",
    path: ["confirm"],
  });

function parseNewAccount(form: FormData) {
  const typed = String(form.get("username") ?? "");
  const parsed = newAccountSchema.safeParse({
    username: form.get("username"),
    password: form.get("password"),
    confirm: form.get("confirm"),
  });
  if (!parsed.success) return { typed, error: parsed.error.issues[0]?.message ?? "Check the form." } as const;
  return { typed, ...parsed.data } as const;
}

/** Creates the first account, as admin; refused once any account exists. */
export async function createFirstAccount(
  _previous: NewAccountState,
  form: FormData,
): Promise<NewAccountState> {
  const account = parseNewAccount(form);
  if ("error" in account) return { error: account.error, username: account.typed };
  const admin = await createFirstAdmin({
    username: account.username,
    passwordHash: await hashPassword(account.password),
  });
  if (!admin) return { error: "An account already exists. Log in instead.", username: account.typed };
  await recordAudit({
    action: "signup",
    actor: admin.username,
    target: admin.username,
    detail: "first account, administrator",
  });
  return { created: { username: admin.username } };
}

/** Creates a plain account, when ALLOW_SIGNUP=true. */
export async function signUp(_previous: NewAccountState, form: FormData): Promise<NewAccountState> {
  if (!env().ALLOW_SIGNUP) return { error: "Sign-up is closed. Ask an administrator for an account." };
  const account = parseNewAccount(form);
  if ("error" in account) return { error: account.error, username: account.typed };
  const taken = { error: "That username is taken.", username: account.typed };
  if (await getUserByUsername({ username: account.username })) return taken;
  try {
    await createUser({
      username: account.username,
      passwordHash: await hashPassword(account.password),
      role: "user",
    });
  } catch {
    return taken;
  }
  await recordAudit({
    action: "signup",
    actor: account.username,
    target: account.username,
  });
  return { created: { username: account.username } };
}
