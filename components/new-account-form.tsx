"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import type { NewAccountState } from "@/lib/auth/new-account-state";
import { logIn } from "@/lib/client/log-in";
import { Button } from "./ui/button";
import { FormError } from "./ui/form-error";
import { TextField } from "./ui/text-field";

type Action = (previous: NewAccountState, form: FormData) => Promise<NewAccountState>;

/** Creates an account with a server action (the first one, or a sign-up), then logs it in. */
export function NewAccountForm({
  createAccount,
  submitLabel,
}: {
  createAccount: Action;
  submitLabel: string;
}) {
  const router = useRouter();
  const password = useRef("");
  const [loginError, setLoginError] = useState<string | null>(null);
  const [state, action, pending] = useActionState<NewAccountState, FormData>(async (previous, form) => {
    password.current = String(form.get("password") ?? "");
    return createAccount(previous, form);
  }, {});

  useEffect(() => {
    if (!state.created) return;
    logIn(state.created.username, password.current).then((failure) => {
      password.current = "";
      if (failure) {
        setLoginError("Your account was created. Log in with it.");
        router.refresh();
        return;
      }
      router.replace("/interact_history");
      router.refresh();
    });
  }, [state.created, router]);

  return (
    <form action={action} className="flex flex-col gap-4">
      <TextField
        id="username"
        name="username"
        label="Username"
        autoComplete="username"
        required
        defaultValue={state.username}
        autoFocus
      />
      <TextField
        id="password"
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        minLength={8}
        required
      />
      <TextField
        id="confirm"
        name="confirm"
        label="Repeat password"
        type="password"
        autoComplete="new-password"
        minLength={8}
        required
      />
      <FormError message={state.error ?? loginError} />
      <Button type="submit" disabled={pending || Boolean(state.created)}>
        {pending || state.created ? "Creating…" : submitLabel}
      </Button>
    </form>
  );
}
