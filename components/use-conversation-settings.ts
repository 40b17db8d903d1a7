"use client";

import { useCallback, useRef, useState } from "react";
import type { ApiConversation } from "@/lib/chat/api-conversation";
import type { ApiPreset } from "@/lib/chat/api-preset";
import { fetchJson } from "@/lib/client/fetch-json";

/** A conversation's own model, instructions and temperature; null for the default. */
export type ConversationSettings = Pick<ApiConversation, "model" | "system_prompt" | "temperature">;

export const DEFAULT_SETTINGS: ConversationSettings = { model: null, system_prompt: null, temperature: null };

/**
 * The settings of the conversation in view. A conversation that exists is changed on the server
 * at once; a new one keeps them (and the preset they came from) until its first message creates it.
 */
export function useConversationSettings(initial: ConversationSettings) {
  const [settings, setSettings] = useState(initial);
  const [preset, setPreset] = useState<Pick<ApiPreset, "id" | "name"> | null>(null);
  const pending = useRef<ConversationSettings & { preset_id?: string }>(initial);

  const change = useCallback(
    async (conversationId: string | null, changes: Partial<ConversationSettings>) => {
      if (!conversationId) {
        pending.current = { ...pending.current, ...changes };
        setSettings((current) => ({ ...current, ...changes }));
        return;
      }
      const saved = await fetchJson<ApiConversation>(`/api/sessions/${conversationId}`, {
        method: "PATCH",
        json: changes,
      });
      setSettings({ model: saved.model, system_prompt: saved.system_prompt, temperature: saved.temperature });
    },
    [],
  );

  /** A new conversation starts from the preset: the server copies it when the conversation is made. */
  const applyPreset = useCallback((preset: ApiPreset) => {
    const copied = {
      model: preset.model,
      system_prompt: preset.system_prompt,
      temperature: preset.temperature,
    };
    pending.current = { ...copied, preset_id: preset.id };
    setSettings(copied);
    setPreset({ id: preset.id, name: preset.name });
  }, []);

  /** The body of POST /api/new-session for what the user chose before the first message. */
  const newConversationBody = useCallback(() => {
    const { preset_id, ...chosen } = pending.current;
    const set = Object.fromEntries(Object.entries(chosen).filter(([, value]) => value !== null));
    return preset_id ? { preset_id, ...chosen } : set;
  }, []);

  return { settings, preset, change, applyPreset, newConversationBody };
}
