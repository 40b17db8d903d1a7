import "server-only";
import { assertUsableModel } from "@/lib/ai/resolve-model";
import type { ConversationSettings } from "@/lib/db/conversations";
import { getOwnFolder } from "@/lib/db/folders";
import { getUsablePreset } from "@/lib/db/presets";
import { AppError } from "@/lib/errors";

/** Settings as the API sends them: absent leaves one as it is, null resets it to the default. */
export type SettingsRequest = {
  model?: string | null;
  system_prompt?: string | null;
  temperature?: number | null;
};

/** The changes a request asks for, in the database's terms, after checking its model may be used. */
export async function settingsChanges(request: SettingsRequest): Promise<Partial<ConversationSettings>> {
  await assertUsableModel(request.model);
  return {
    ...(request.model === undefined ? {} : { model: request.model }),
    ...(request.system_prompt === undefined ? {} : { systemPrompt: request.system_prompt || null }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
  };
}

/**
 * A new conversation's settings: its folder's system prompt, then a preset's (the conversation
 * keeps them whatever becomes of either), then what the request sets itself. A preset the user may
 * not use, or a folder that is not theirs, is a 404.
 */
export async function newConversationSettings({
  userId,
  request,
}: {
  userId: string;
  request: SettingsRequest & { preset_id?: string; folder_id?: string };
}): Promise<Partial<ConversationSettings> & { folderId?: string }> {
  let fromFolder: Partial<ConversationSettings> & { folderId?: string } = {};
  if (request.folder_id) {
    const folder = await getOwnFolder({ id: request.folder_id, userId });
    if (!folder) throw new AppError("not_found:folder", "Folder not found.");
    fromFolder = {
      folderId: folder.id,
      ...(folder.systemPrompt ? { systemPrompt: folder.systemPrompt } : {}),
    };
  }
  let fromPreset: Partial<ConversationSettings> = {};
  if (request.preset_id) {
    const preset = await getUsablePreset({ id: request.preset_id, userId });
    if (!preset) throw new AppError("not_found:preset", "Preset not found.");
    fromPreset = { model: preset.model, systemPrompt: preset.systemPrompt, temperature: preset.temperature };
    await assertUsableModel(preset.model);
  }
  return { ...fromFolder, ...fromPreset, ...(await settingsChanges(request)) };
}
