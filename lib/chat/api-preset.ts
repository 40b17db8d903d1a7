import type { PresetRecord } from "@/lib/db/presets";

/** A preset as the API lists it; `mine` says whether the caller may change it. */
export type ApiPreset = ReturnType<typeof toApiPreset>;

export function toApiPreset(preset: PresetRecord, userId: string) {
  return {
    id: preset.id,
    name: preset.name,
    system_prompt: preset.systemPrompt,
    model: preset.model,
    temperature: preset.temperature,
    shared: preset.shared,
    mine: preset.userId === userId,
    created_at: preset.createdAt.toISOString(),
    updated_at: preset.updatedAt.toISOString(),
  };
}
