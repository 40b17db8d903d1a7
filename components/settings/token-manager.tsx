"use client";

import { type FormEvent, useState } from "react";
import useSWR from "swr";
import type { ApiToken } from "@/lib/auth/api-token";
import { fetchJson } from "@/lib/client/fetch-json";
import { Button } from "../ui/button";
import { FormError } from "../ui/form-error";
import { SelectField } from "../ui/select-field";
import { TextField } from "../ui/text-field";

const EXPIRY_CHOICES = [
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 365, label: "A year" },
  { days: 0, label: "Never" },
];

const formatTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

export function TokenManager({ initialTokens }: { initialTokens: ApiToken[] }) {
  const { data: tokens = initialTokens, mutate } = useSWR(
    "/api/tokens",
    (url: string) => fetchJson<ApiToken[]>(url),
    {
      fallbackData: initialTokens,
    },
  );
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    const days = Number(fields.get("expires_in_days"));
    try {
      const created = await fetchJson<ApiToken & { token: string }>("/api/tokens", {
        method: "POST",
        json: { name: String(fields.get("name") ?? ""), ...(days > 0 ? { expires_in_days: days } : {}) },
      });
      setError(null);
      setSecret(created.token);
      const { token: _secret, ...listed } = created;
      await mutate((current) => [listed, ...(current ?? [])], { revalidate: false });
      form.reset();
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  async function revoke(id: string) {
    try {
      await fetchJson(`/api/tokens/${id}`, { method: "DELETE" });
    } catch (caught) {
      if ((caught as { status?: number }).status !== 404) return setError((caught as Error).message);
    }
    await mutate((current) => current?.filter((token) => token.id !== id), { revalidate: false });
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
      <form onSubmit={create} className="flex flex-wrap items-end gap-2">
        <div className="min-w-40 flex-1">
          <TextField id="token-name" name="name" label="Token name" required maxLength={100} />
        </div>
        <SelectField id="token-expiry" name="expires_in_days" label="Expires after" defaultValue="90">
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice.days} value={choice.days}>
              {choice.label}
            </option>
          ))}
        </SelectField>
        <Button type="submit" className="h-10">
          Create token
        </Button>
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
                  Created {formatTime(token.created_at)}
                  {token.last_used_at ? `, last used ${formatTime(token.last_used_at)}` : ", never used"}
                  {token.expires_at ? `, expires ${formatTime(token.expires_at)}` : ", never expires"}
                </span>
              </span>
              <Button
                variant="ghost"
                onClick={() => void revoke(token.id)}
                aria-label={`Revoke ${token.name}`}
              >
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
