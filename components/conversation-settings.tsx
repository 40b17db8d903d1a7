"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import type { ApiPreset } from "@/lib/chat/api-preset";
import { Button } from "./ui/button";
import { FormError } from "./ui/form-error";

export type ConversationSettingsValue = { system_prompt: string | null; temperature: number | null };

/** The conversation's own instructions and temperature, in a dialog; a preset fills them in. */
export function ConversationSettingsDialog({
  open,
  value,
  presets,
  onSave,
  onClose,
}: {
  open: boolean;
  value: ConversationSettingsValue;
  presets: ApiPreset[];
  onSave: (value: ConversationSettingsValue & { model?: string | null }) => Promise<void>;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [prompt, setPrompt] = useState(value.system_prompt ?? "");
  const [ownTemperature, setOwnTemperature] = useState(value.temperature !== null);
  const [temperature, setTemperature] = useState(value.temperature ?? 0.7);
  const [presetModel, setPresetModel] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (open && !dialog.current?.open) {
      setPrompt(value.system_prompt ?? "");
      setOwnTemperature(value.temperature !== null);
      setTemperature(value.temperature ?? 0.7);
      setPresetModel(undefined);
      setError(null);
      dialog.current?.showModal();
    }
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open, value]);

  function applyPreset(id: string) {
    const preset = presets.find((candidate) => candidate.id === id);
    if (!preset) return;
    setPrompt(preset.system_prompt);
    setOwnTemperature(preset.temperature !== null);
    setTemperature(preset.temperature ?? 0.7);
    setPresetModel(preset.model);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    try {
      await onSave({
        system_prompt: prompt.trim() ? prompt : null,
        temperature: ownTemperature ? temperature : null,
        ...(presetModel === undefined || presetModel === null ? {} : { model: presetModel }),
      });
      onClose();
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="conversation-settings-title"
      className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-2xl bg-white p-0 text-neutral-900 shadow-xl backdrop:bg-black/40 dark:bg-neutral-900 dark:text-neutral-100"
    >
      <form onSubmit={submit} className="flex flex-col gap-4 p-5">
        <h2 id="conversation-settings-title" className="font-semibold text-lg">
          Conversation settings
        </h2>
        {presets.length > 0 && (
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">Start from a preset</span>
            <select
              defaultValue=""
              onChange={(event) => applyPreset(event.target.value)}
              className="h-10 rounded-lg border border-neutral-300 bg-transparent px-3 dark:border-neutral-700 dark:bg-neutral-950"
            >
              <option value="" disabled>
                Choose a preset…
              </option>
              {presets.map((preset) => (
                <option key={preset.id} value={preset.id}>
                  {preset.name}
                  {preset.shared && !preset.mine ? " (shared)" : ""}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">System prompt</span>
          <span className="text-neutral-600 text-xs dark:text-neutral-400">
            Instructions the model follows in this conversation. Empty: the instance's default.
          </span>
          <textarea
            value={prompt}
            onChange={(event) => setPrompt(event.target.value)}
            rows={6}
            maxLength={20_000}
            aria-label="System prompt"
            className="rounded-lg border border-neutral-300 bg-transparent px-3 py-2 outline-none focus:border-blue-500 focus:ring-2 focus:ring-blue-500/30 dark:border-neutral-700"
          />
        </label>
        <fieldset className="flex flex-col gap-2 text-sm">
          <legend className="font-medium">Temperature</legend>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={ownTemperature}
              onChange={(event) => setOwnTemperature(event.target.checked)}
            />
            Set a temperature of its own (else the model's)
          </label>
          <div className="flex items-center gap-3">
            <input
              type="range"
              min={0}
              max={2}
              step={0.1}
              value={temperature}
              disabled={!ownTemperature}
              onChange={(event) => setTemperature(Number(event.target.value))}
              aria-label="Temperature"
              className="flex-1"
            />
            <output className="w-8 text-right tabular-nums">
              {ownTemperature ? temperature.toFixed(1) : "—"}
            </output>
          </div>
        </fieldset>
        <FormError message={error} />
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={saving}>
            {saving ? "Saving…" : "Save"}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
