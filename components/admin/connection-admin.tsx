"use client";

import { type FormEvent, useState } from "react";
import useSWR, { useSWRConfig } from "swr";
import type { ApiConnection } from "@/lib/admin/api-connection";
import { fetchJson } from "@/lib/client/fetch-json";
import { ConfirmDialog } from "../confirm-dialog";
import { Button } from "../ui/button";
import { FormError } from "../ui/form-error";
import { TextField } from "../ui/text-field";

const STATUS_STYLE: Record<ApiConnection["status"], string> = {
  ok: "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200",
  down: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  unknown: "bg-neutral-100 text-neutral-700 dark:bg-neutral-800 dark:text-neutral-300",
};
const STATUS_LABEL: Record<ApiConnection["status"], string> = {
  ok: "Answering",
  down: "Down",
  unknown: "Not asked",
};

type Editing = ApiConnection | "new" | null;

const listOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter(Boolean);

/** The model servers: the environment's (read-only) and those administrators add here. */
export function ConnectionAdmin() {
  const { data: connections = [], mutate } = useSWR("/api/admin/connections", (url: string) =>
    fetchJson<ApiConnection[]>(url),
  );
  const { mutate: mutateKey } = useSWRConfig();
  const [editing, setEditing] = useState<Editing>(null);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<ApiConnection | null>(null);
  const [testing, setTesting] = useState<string | null>(null);

  async function act(work: () => Promise<unknown>) {
    try {
      await work();
      setError(null);
      await Promise.all([mutate(), mutateKey("/api/admin/models"), mutateKey("/api/models")]);
      return true;
    } catch (caught) {
      setError((caught as Error).message);
      return false;
    }
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    const key = String(fields.get("api_key") ?? "");
    const isNew = editing === "new";
    const body = {
      name: String(fields.get("name") ?? ""),
      base_url: String(fields.get("base_url") ?? "").trim(),
      prefix: String(fields.get("prefix") ?? "").trim() || null,
      models: listOf(String(fields.get("models") ?? "")),
      // A blank key field leaves the stored key as it is; "remove" takes it away.
      ...(key ? { api_key: key } : fields.get("remove_key") ? { api_key: null } : {}),
    };
    const url = isNew ? "/api/admin/connections" : `/api/admin/connections/${(editing as ApiConnection).id}`;
    if (await act(() => fetchJson(url, { method: isNew ? "POST" : "PATCH", json: body }))) setEditing(null);
  }

  const test = (connection: ApiConnection) =>
    act(async () => {
      setTesting(connection.id);
      try {
        await fetchJson(`/api/admin/connections/${connection.id}/test`, { method: "POST" });
      } finally {
        setTesting(null);
      }
    });

  const current = editing === "new" || editing === null ? null : editing;

  return (
    <section aria-labelledby="connections-heading" className="flex flex-col gap-4">
      <div className="flex items-end justify-between gap-2">
        <div>
          <h2 id="connections-heading" className="font-semibold text-lg">
            Connections
          </h2>
          <p className="text-neutral-600 text-sm dark:text-neutral-400">
            OpenAI-compatible servers (OpenAI, Ollama, vLLM, LM Studio, llama.cpp). Keys are stored encrypted
            and never shown again.
          </p>
        </div>
        {editing === null && (
          <Button variant="ghost" onClick={() => setEditing("new")}>
            Add connection
          </Button>
        )}
      </div>
      {editing !== null && (
        <form
          key={current?.id ?? "new"}
          onSubmit={save}
          aria-label={current ? `Edit ${current.name}` : "Add a connection"}
          className="flex flex-col gap-3 rounded-xl border border-neutral-200 p-4 dark:border-neutral-800"
        >
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField
              id="connection-name"
              name="name"
              label="Name"
              required
              maxLength={100}
              defaultValue={current?.name}
            />
            <TextField
              id="connection-url"
              name="base_url"
              label="Base URL"
              required
              placeholder="http://localhost:11434/v1"
              defaultValue={current?.base_url}
            />
            <TextField
              id="connection-key"
              name="api_key"
              label={
                current?.has_key
                  ? "API key (blank: keep the stored one)"
                  : "API key (if the server needs one)"
              }
              type="password"
              autoComplete="off"
            />
            <TextField
              id="connection-prefix"
              name="prefix"
              label="Prefix of its model ids (optional)"
              placeholder="ollama"
              defaultValue={current?.prefix ?? ""}
            />
          </div>
          <TextField
            id="connection-models"
            name="models"
            label="Models it does not list itself (optional, separated by commas)"
            defaultValue={current?.typed_models.join(", ")}
          />
          {current?.has_key && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="remove_key" /> Remove the stored key
            </label>
          )}
          <FormError message={error} />
          <div className="flex justify-end gap-2">
            <Button
              variant="ghost"
              onClick={() => {
                setEditing(null);
                setError(null);
              }}
            >
              Cancel
            </Button>
            <Button type="submit">{current ? "Save connection" : "Add connection"}</Button>
          </div>
        </form>
      )}
      {editing === null && <FormError message={error} />}
      <ul aria-label="Connections" className="flex flex-col gap-2">
        {connections.map((connection) => (
          <li
            key={connection.id}
            className="flex flex-col gap-2 rounded-xl border border-neutral-200 p-3 text-sm dark:border-neutral-800"
          >
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{connection.name}</span>
              <span className={`rounded px-1.5 py-0.5 text-xs ${STATUS_STYLE[connection.status]}`}>
                {connection.enabled ? STATUS_LABEL[connection.status] : "Turned off"}
              </span>
              {connection.source === "env" && (
                <span className="rounded bg-neutral-100 px-1.5 py-0.5 text-neutral-600 text-xs dark:bg-neutral-800 dark:text-neutral-300">
                  from the environment
                </span>
              )}
              <span className="ml-auto flex flex-wrap gap-1">
                <Button
                  variant="ghost"
                  disabled={testing === connection.id}
                  onClick={() => void test(connection)}
                >
                  {testing === connection.id ? "Testing…" : "Test"}
                </Button>
                {connection.source === "admin" && (
                  <>
                    <Button
                      variant="ghost"
                      onClick={() =>
                        void act(() =>
                          fetchJson(`/api/admin/connections/${connection.id}`, {
                            method: "PATCH",
                            json: { enabled: !connection.enabled },
                          }),
                        )
                      }
                    >
                      {connection.enabled ? "Turn off" : "Turn on"}
                    </Button>
                    <Button variant="ghost" onClick={() => setEditing(connection)}>
                      Edit
                    </Button>
                    <Button
                      variant="ghost"
                      aria-label={`Remove ${connection.name}`}
                      onClick={() => setRemoving(connection)}
                    >
                      Remove
                    </Button>
                  </>
                )}
              </span>
            </div>
            <p className="break-all text-neutral-600 text-xs dark:text-neutral-400">
              {connection.base_url}
              {connection.prefix ? ` · ids start with ${connection.prefix}/` : ""}
              {connection.has_key ? " · key stored" : " · no key"}
              {connection.key_unreadable ? " · the key must be entered again (the app's secret changed)" : ""}
            </p>
            {connection.error && <p className="text-red-700 text-xs dark:text-red-300">{connection.error}</p>}
            <p className="text-neutral-600 text-xs dark:text-neutral-400">
              {connection.models.length === 0
                ? "No models listed."
                : `${connection.models.length} model${connection.models.length === 1 ? "" : "s"}: ${connection.models.slice(0, 8).join(", ")}${connection.models.length > 8 ? ", …" : ""}`}
            </p>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={removing !== null}
        title="Remove this connection?"
        message={`Its models will no longer be offered. Conversations that used them will need another model.`}
        confirmLabel="Remove"
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          const target = removing;
          setRemoving(null);
          if (target) void act(() => fetchJson(`/api/admin/connections/${target.id}`, { method: "DELETE" }));
        }}
      />
    </section>
  );
}
