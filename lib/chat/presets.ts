import "server-only";
import { assertUsableModel } from "@/lib/ai/resolve-model";
import type { SessionUser } from "@/lib/db/auth-sessions";
import { createPreset, type PresetFields, type PresetRecord } from "@/lib/db/presets";
import { AppError } from "@/lib/errors";

export type PresetRequest = {
  name?: string;
  system_prompt?: string;
  model?: string | null;
  temperature?: number | null;
  shared?: boolean;
};

/** A preset's fields from a request, after checking its model and that only administrators share. */
export async function presetFields(
  user: SessionUser,
  request: PresetRequest,
): Promise<Partial<PresetFields>> {
  if (request.shared && user.role !== "admin") {
    throw new AppError("forbidden:preset", "Only administrators can share presets.");
  }
  await assertUsableModel(request.model);
  return {
    ...(request.name === undefined ? {} : { name: request.name }),
    ...(request.system_prompt === undefined ? {} : { systemPrompt: request.system_prompt }),
    ...(request.model === undefined ? {} : { model: request.model }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.shared === undefined ? {} : { shared: request.shared }),
  };
}

/** Each user's presets are bounded, as everything a user can store is. */
export const MAX_PRESETS_PER_USER = 200;

/** A new preset of the user's, within their limit (409 past it). */
export async function addPreset(userId: string, fields: PresetFields): Promise<PresetRecord> {
  const preset = await createPreset({ userId, fields, limit: MAX_PRESETS_PER_USER });
  if (!preset) {
    throw new AppError(
      "conflict:preset",
      `You have ${MAX_PRESETS_PER_USER} presets, the most allowed: delete one to make another.`,
    );
  }
  return preset;
}
