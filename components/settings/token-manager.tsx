"use client";

import { type FormEvent, useState } from "react";
import { Button } from "../ui/button";
import { FormError } from "../ui/form-error";
import { TextField } from "../ui/text-field";

type Token = { id: string; name: string; created_at: string; last_used_at: string | null };

export function TokenManager({ initialTokens }: { initialTokens: Token[] }) {
  const [tokens, setTokens] = useState(initialTokens);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "");
    const response = await fetch("/api/tokens", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name }),
    });
    const body = await response.json();
    if (!response.ok) {
      setError(body.error ?? "Could not create the token.");
      return;
    }
    setError(null);
    setSecret(body.token);
    setTokens((current) => [body as Token, ...current]);
    form.reset();
  }

  async function revoke(id: string) {
    const response = await fetch(`/api/tokens/${id}`, { method: "DELETE" });
    if (response.ok || response.status === 404)
      setTokens((current) => current.filter((token) => token.id !== id));
  }

  return (
    <section aria-labelledby="tokens-heading" className="flex flex-col gap-4">
      <div>
        <h2 id="tokens-heading" className="font-semibold text-lg">
          API tokens
        </h2>
        <p className="text-neutral-600 text-sm dark:text-neutral-400">
          Scripts can call the JSON API with <code>Authorization: Bearer &lt;token&gt;</code>, with your
          rights.
        </p>
      </div>
      <form onSubmit={create} className="flex items-end gap-2">
        <div className="flex-1">
          <TextField id="token-name" name="name" label="Token name" required maxLength={100} />
        </div>
        <Button type="submit">Create token</Button>
      </form>
      <FormError message={error} />
      {secret && (
        <div role="status" className="rounded-lg bg-green-50 p-3 text-sm dark:bg-green-950">
          <p className="mb-1 font-medium">Copy your new token now: it will not be shown again.</p>
          <code data-testid="new-token" className="break-all font-mono">
            {secret}
          </code>
        </div>
      )}
      {tokens.length === 0 ? (
        <p className="text-neutral-500 text-sm">No tokens yet.</p>
      ) : (
        <ul aria-label="Your API tokens" className="divide-y divide-neutral-200 dark:divide-neutral-800">
          {tokens.map((token) => (
            <li key={token.id} className="flex items-center justify-between gap-2 py-2 text-sm">
              <span>
                <span className="font-medium">{token.name}</span>
                <span className="block text-neutral-500 text-xs">
                  Created {new Date(token.created_at).toLocaleString()}
                  {token.last_used_at
                    ? `, last used ${new Date(token.last_used_at).toLocaleString()}`
                    : ", never used"}
                </span>
              </span>
              <Button variant="ghost" onClick={() => revoke(token.id)} aria-label={`Revoke ${token.name}`}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
