"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import { type SignUpState, signUp } from "@/app/(auth)/actions";
import { logIn } from "./login-form";
import { Button } from "./ui/button";
import { FormError } from "./ui/form-error";
import { TextField } from "./ui/text-field";

export function SignUpForm() {
  const router = useRouter();
  const password = useRef("");
  const [loginError, setLoginError] = useState<string | null>(null);
  const [state, action, pending] = useActionState<SignUpState, FormData>(async (previous, form) => {
    password.current = String(form.get("password") ?? "");
    return signUp(previous, form);
  }, {});

  useEffect(() => {
    if (!state.created) return;
    logIn(state.created.username, password.current).then((failure) => {
      password.current = "";
      if (failure) {
        setLoginError("Your account was created. Log in with it.");
        return;
      }
      router.replace("/interact_history");
      router.refresh();
    });
  }, [state.created, router]);

  return (
    <form action={action} className="flex flex-col gap-4">
      <TextField
        id="signup-username"
        name="username"
        label="Username"
        autoComplete="username"
        required
        defaultValue={state.username}
      />
      <TextField
        id="signup-password"
        name="password"
        label="Choose a password"
        type="password"
        autoComplete="new-password"
        minLength={8}
        required
      />
      <TextField
        id="signup-confirm"
        name="confirm"
        label="Repeat the password"
        type="password"
        autoComplete="new-password"
        minLength={8}
        required
      />
      <FormError message={state.error ?? loginError} />
      <Button type="submit" disabled={pending || Boolean(state.created)}>
        {pending || state.created ? "Creating…" : "Sign up"}
      </Button>
    </form>
  );
}
