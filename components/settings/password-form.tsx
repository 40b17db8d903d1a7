"use client";

import { type FormEvent, useState } from "react";
import { Button } from "../ui/button";
import { FormError } from "../ui/form-error";
import { TextField } from "../ui/text-field";

export function PasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    if (data.get("new_password") !== data.get("confirm_password")) {
      setError("The new passwords do not match.");
      return;
    }
    const response = await fetch("/api/account/password", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        current_password: data.get("current_password"),
        new_password: data.get("new_password"),
      }),
    });
    if (!response.ok) {
      setError(
        ((await response.json().catch(() => ({}))) as { error?: string }).error ?? "Could not change it.",
      );
      setDone(false);
      return;
    }
    setError(null);
    setDone(true);
    form.reset();
  }

  return (
    <section aria-labelledby="password-heading" className="flex flex-col gap-4">
      <div>
        <h2 id="password-heading" className="font-semibold text-lg">
          Change password
        </h2>
        <p className="text-neutral-600 text-sm dark:text-neutral-400">
          Changing it logs out your other sessions and revokes all your API tokens.
        </p>
      </div>
      <form onSubmit={submit} className="flex max-w-sm flex-col gap-3">
        <TextField
          id="current_password"
          name="current_password"
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
        />
        <TextField
          id="new_password"
          name="new_password"
          label="New password"
          type="password"
          autoComplete="new-password"
          minLength={8}
          required
        />
        <TextField
          id="confirm_password"
          name="confirm_password"
          label="Repeat new password"
          type="password"
          autoComplete="new-password"
          minLength={8}
          required
        />
        <FormError message={error} />
        {done && (
          <p role="status" className="text-green-700 text-sm dark:text-green-400">
            Password changed. Your other sessions have been logged out and your API tokens revoked.
          </p>
        )}
        <Button type="submit">Change password</Button>
      </form>
    </section>
  );
}
