import { adminErrorResponse } from "@/lib/admin/admin-error-response";
import { toApiAdminModel } from "@/lib/ai/api-model";
import { forgetModelSettings, modelCatalogue } from "@/lib/ai/model-catalogue";
import { requireAdmin } from "@/lib/auth/current-user";
import { recordAudit } from "@/lib/db/audit";
import { saveModelSetting } from "@/lib/db/model-settings";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { updateModelSchema } from "../schema";

// An id may hold a "/" (`<prefix>/<upstream id>`): sent encoded or not, it arrives whole.
type Context = { params: Promise<{ id: string[] }> };

function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Turns a model on or off, renames it, makes it the default, or marks it as seeing images. */
export async function PATCH(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = (await context.params).id.map(decodedSegment).join("/");
    const body = await readJsonBody(request, updateModelSchema, env().MAX_BODY_BYTES);
    const admin = await requireAdmin();
    const known = (await modelCatalogue()).find((model) => model.id === id);
    if (!known) throw new AppError("not_found:model", `There is no model "${id}" on any connection.`);
    if (body.default && body.enabled === false) {
      throw new AppError("bad_request:model", "A model that is turned off cannot be the default.");
    }
    await saveModelSetting({
      id,
      changes: {
        ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.default ? { isDefault: true } : {}),
        ...(body.vision === undefined ? {} : { vision: body.vision }),
      },
    });
    forgetModelSettings();
    await recordAudit({
      action: "admin.model.update",
      actor: admin.username,
      detail: `${id}: ${Object.entries(body)
        .map(([key, value]) => `${key} ${value}`)
        .join(", ")}`,
    });
    const changed = (await modelCatalogue()).find((model) => model.id === id);
    return Response.json(changed ? toApiAdminModel(changed) : null);
  } catch (error) {
    return adminErrorResponse(request, error);
  }
}
