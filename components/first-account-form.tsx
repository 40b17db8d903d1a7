"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import { createFirstAccount, type FirstAccountState } from "@/app/(auth)/actions";
import { logIn } from "./login-form";
import { Button } from "./ui/button";
import { FormError } from "./ui/form-error";
import { TextField } from "./ui/text-field";

export function FirstAccountForm() {
  const router = useRouter();
  const password = useRef("");
  const [loginError, setLoginError] = useState<string | null>(null);
  const [state, action, pending] = useActionState<FirstAccountState, FormData>(async (previous, form) => {
    password.current = String(form.get("password") ?? "");
    return createFirstAccount(previous, form);
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
        {pending || state.created ? "Creating…" : "Create account"}
      </Button>
    </form>
  );
}
