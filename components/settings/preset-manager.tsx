"use client";

import { type FormEvent, useState } from "react";
import type { ApiPreset } from "@/lib/chat/api-preset";
import { fetchJson } from "@/lib/client/fetch-json";
import { useModels, usePresets } from "@/lib/client/use-models";
import { ConfirmDialog } from "../confirm-dialog";
import { Button } from "../ui/button";
import { FormError } from "../ui/form-error";
import { SelectField } from "../ui/select-field";
import { TextField } from "../ui/text-field";

type Draft = {
  id: string | null;
  name: string;
  system_prompt: string;
  model: string;
  temperature: string;
  shared: boolean;
};

const EMPTY: Draft = { id: null, name: "", system_prompt: "", model: "", temperature: "", shared: false };

function draftOf(preset: ApiPreset): Draft {
  return {
    id: preset.id,
    name: preset.name,
    system_prompt: preset.system_prompt,
    model: preset.model ?? "",
    temperature: preset.temperature === null ? "" : String(preset.temperature),
    shared: preset.shared,
  };
}

/** The user's presets (named instructions, with a model and temperature if wanted), and the shared ones. */
export function PresetManager({ isAdmin }: { isAdmin: boolean }) {
  const { presets, mutate } = usePresets();
  const { models } = useModels();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ApiPreset | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const body = {
      name: draft.name,
      system_prompt: draft.system_prompt,
      model: draft.model || null,
      temperature: draft.temperature === "" ? null : Number(draft.temperature),
      ...(isAdmin ? { shared: draft.shared } : {}),
    };
    try {
      await fetchJson(draft.id ? `/api/presets/${draft.id}` : "/api/presets", {
        method: draft.id ? "PATCH" : "POST",
        json: body,
      });
      setDraft(null);
      setError(null);
      await mutate();
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  async function remove(preset: ApiPreset) {
    setDeleting(null);
    try {
      await fetchJson(`/api/presets/${preset.id}`, { method: "DELETE" });
      await mutate();
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  const field = (name: keyof Draft) => (event: { target: { value: string } }) =>
    setDraft((current) => current && { ...current, [name]: event.target.value });

  return (
    <section aria-labelledby="presets-heading" className="flex flex-col gap-4">
      <div className="flex items-end justify-between gap-2">
        <div>
          <h2 id="presets-heading" className="font-semibold text-lg">
            Presets
          </h2>
          <p className="text-neutral-600 text-sm dark:text-neutral-400">
            Instructions you start chats from, with a model and temperature if you like. A chat keeps what it
            started with when the preset changes.
          </p>
        </div>
        {!draft && (
          <Button variant="ghost" onClick={() => setDraft(EMPTY)}>
            New preset
          </Button>
        )}
      </div>
      {draft && (
        <form
          onSubmit={save}
          aria-label={draft.id ? "Edit preset" : "New preset"}
          className="flex flex-col gap-3 rounded-xl border border-neutral-200 p-4 dark:border-neutral-800"
        >
          <TextField
            id="preset-name"
            label="Name"
            required
            maxLength={100}
            value={draft.name}
            onChange={field("name")}
          />
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">System prompt</span>
            <textarea
              required
              rows={5}
              maxLength={20_000}
              value={draft.system_prompt}
              onChange={field("system_prompt")}
              className="rounded-lg border border-neutral-300 bg-transparent px-3 py-2 outline-none focus:border-blue-500 focus:ring-2 focus:ring-blue-500/30 dark:border-neutral-700"
            />
          </label>
          <div className="flex flex-wrap gap-3">
            <div className="min-w-48 flex-1">
              <SelectField id="preset-model" label="Model" value={draft.model} onChange={field("model")}>
                <option value="">The default model</option>
                {models.map((model) => (
                  <option key={model.id} value={model.id}>
                    {model.name} ({model.connection})
                  </option>
                ))}
                {draft.model && !models.some((model) => model.id === draft.model) && (
                  <option value={draft.model}>{draft.model} (not available)</option>
                )}
              </SelectField>
            </div>
            <TextField
              id="preset-temperature"
              label="Temperature (0–2, empty: the model's)"
              type="number"
              min={0}
              max={2}
              step={0.1}
              value={draft.temperature}
              onChange={field("temperature")}
            />
          </div>
          {isAdmin && (
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={draft.shared}
                onChange={(event) => setDraft({ ...draft, shared: event.target.checked })}
              />
              Share with everyone on this instance
            </label>
          )}
          <FormError message={error} />
          <div className="flex justify-end gap-2">
            <Button
              variant="ghost"
              onClick={() => {
                setDraft(null);
                setError(null);
              }}
            >
              Cancel
            </Button>
            <Button type="submit">{draft.id ? "Save preset" : "Create preset"}</Button>
          </div>
        </form>
      )}
      {!draft && <FormError message={error} />}
      {presets.length === 0 ? (
        <p className="text-neutral-500 text-sm">No presets yet.</p>
      ) : (
        <ul aria-label="Presets" className="divide-y divide-neutral-200 dark:divide-neutral-800">
          {presets.map((preset) => (
            <li key={preset.id} className="flex items-start justify-between gap-2 py-2 text-sm">
              <span className="min-w-0">
                <span className="font-medium">{preset.name}</span>
                {preset.shared && (
                  <span className="ml-2 rounded bg-neutral-100 px-1.5 py-0.5 text-neutral-600 text-xs dark:bg-neutral-800 dark:text-neutral-300">
                    {preset.mine ? "shared by you" : "shared"}
                  </span>
                )}
                <span className="block truncate text-neutral-500 text-xs">
                  {preset.model ?? "default model"}
                  {preset.temperature === null ? "" : `, temperature ${preset.temperature}`} ·{" "}
                  {preset.system_prompt}
                </span>
              </span>
              {preset.mine && (
                <span className="flex shrink-0 gap-1">
                  <Button
                    variant="ghost"
                    aria-label={`Edit ${preset.name}`}
                    onClick={() => setDraft(draftOf(preset))}
                  >
                    Edit
                  </Button>
                  <Button
                    variant="ghost"
                    aria-label={`Delete ${preset.name}`}
                    onClick={() => setDeleting(preset)}
                  >
                    Delete
                  </Button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this preset?"
        message={`"${deleting?.name ?? ""}" will be deleted. Chats started from it keep their settings.`}
        confirmLabel="Delete"
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && void remove(deleting)}
      />
    </section>
  );
}
