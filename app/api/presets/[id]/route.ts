import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { toApiPreset } from "@/lib/chat/api-preset";
import { presetFields } from "@/lib/chat/presets";
import { recordAudit } from "@/lib/db/audit";
import { deleteOwnPreset, updateOwnPreset } from "@/lib/db/presets";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { updatePresetSchema } from "../schema";

type Context = { params: Promise<{ id: string }> };

const notFound = () => new AppError("not_found:preset", "Preset not found.");

async function parseId(context: Context): Promise<string> {
  const id = z.uuid().safeParse((await context.params).id);
  if (!id.success) throw notFound();
  return id.data;
}

/** Changes the caller's own preset; anyone else's (shared or not) is a 404. */
export async function PATCH(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = await parseId(context);
    const body = await readJsonBody(request, updatePresetSchema, env().MAX_BODY_BYTES);
    const user = await requireUser();
    const preset = await updateOwnPreset({ id, userId: user.id, changes: await presetFields(user, body) });
    if (!preset) throw notFound();
    if (body.shared !== undefined) {
      await recordAudit({
        action: "preset.share",
        actor: user.username,
        detail: `preset "${preset.name}" ${preset.shared ? "shared" : "no longer shared"}`,
      });
    }
    return Response.json(toApiPreset(preset, user.id));
  } catch (error) {
    return errorResponse(error);
  }
}

/** Deletes the caller's own preset (204); conversations made from it keep their settings. */
export async function DELETE(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = await parseId(context);
    const user = await requireUser();
    if (!(await deleteOwnPreset({ id, userId: user.id }))) throw notFound();
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
