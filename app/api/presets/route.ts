import { requireUser } from "@/lib/auth/current-user";
import { toApiPreset } from "@/lib/chat/api-preset";
import { addPreset, presetFields } from "@/lib/chat/presets";
import { recordAudit } from "@/lib/db/audit";
import { listPresetsFor } from "@/lib/db/presets";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { createPresetSchema } from "./schema";

/** The caller's presets and those an administrator shared. */
export async function GET() {
  try {
    const user = await requireUser();
    return Response.json(
      (await listPresetsFor({ userId: user.id })).map((preset) => toApiPreset(preset, user.id)),
    );
  } catch (error) {
    return errorResponse(error);
  }
}

/** A new preset: 201. Only administrators may share one with everyone. */
export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const body = await readJsonBody(request, createPresetSchema, env().MAX_BODY_BYTES);
    const user = await requireUser();
    const fields = await presetFields(user, body);
    const preset = await addPreset(user.id, {
      name: body.name,
      systemPrompt: body.system_prompt,
      model: fields.model ?? null,
      temperature: fields.temperature ?? null,
      shared: fields.shared ?? false,
    });
    if (preset.shared) {
      await recordAudit({ action: "preset.share", actor: user.username, detail: `preset "${preset.name}"` });
    }
    return Response.json(toApiPreset(preset, user.id), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
