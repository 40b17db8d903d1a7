import "server-only";
import { getRequestUser } from "@/lib/auth/current-user";
import { recordAudit } from "@/lib/db/audit";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";

/**
 * The error answer of an admin route. What an administrator's rights refused (403: not an
 * administrator, an API token, another site; 409: it would leave no administrator) is recorded in
 * the audit log with who tried it.
 */
export async function adminErrorResponse(request: Request, error: unknown): Promise<Response> {
  if (error instanceof AppError && (error.status === 403 || error.status === 409)) {
    const user = await getRequestUser().catch(() => null);
    await recordAudit({
      action: "admin.refused",
      actor: user?.username ?? null,
      detail: `${request.method} ${new URL(request.url).pathname}: ${error.message}`,
    });
  }
  return errorResponse(error);
}
