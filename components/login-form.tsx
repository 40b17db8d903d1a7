"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { logIn } from "@/lib/client/log-in";
import { Button } from "./ui/button";
import { FormError } from "./ui/form-error";
import { TextField } from "./ui/text-field";

/** `next`: where to go once logged in (a path on this site, checked by the page). */
export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const failure = await logIn(String(form.get("username")), String(form.get("password")));
      if (failure) {
        setError(failure);
        return;
      }
      router.replace(next);
      router.refresh();
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <TextField id="username" name="username" label="Username" autoComplete="username" required autoFocus />
      <TextField
        id="password"
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
      />
      <FormError message={error} />
      <Button type="submit" disabled={pending}>
        {pending ? "Logging in…" : "Log in"}
      </Button>
    </form>
  );
}
