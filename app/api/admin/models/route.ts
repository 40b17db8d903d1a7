import { adminErrorResponse } from "@/lib/admin/admin-error-response";
import { toApiAdminModel } from "@/lib/ai/api-model";
import { modelCatalogue } from "@/lib/ai/model-catalogue";
import { requireAdmin } from "@/lib/auth/current-user";

/** Every model of every connection, those turned off included, with what may be changed of them. */
export async function GET(request: Request) {
  try {
    await requireAdmin();
    return Response.json((await modelCatalogue()).map(toApiAdminModel));
  } catch (error) {
    return adminErrorResponse(request, error);
  }
}
