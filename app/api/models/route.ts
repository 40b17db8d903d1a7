import { toApiModel } from "@/lib/ai/api-model";
import { modelCatalogue } from "@/lib/ai/model-catalogue";
import { requireUser } from "@/lib/auth/current-user";
import { errorResponse } from "@/lib/http/error-response";

/**
 * The models the caller may pick: every enabled model of every enabled connection, asked of each
 * server in parallel (each within MODELS_TIMEOUT_MS) and cached; a server that is down keeps its
 * last list, marked unavailable. Exactly one is the default when there is any.
 */
export async function GET() {
  try {
    await requireUser();
    const models = (await modelCatalogue()).filter((model) => model.enabled && model.connection.enabled);
    return Response.json(models.map(toApiModel));
  } catch (error) {
    return errorResponse(error);
  }
}
