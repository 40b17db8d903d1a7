import { usageQuerySchema } from "@/app/api/usage/schema";
import { adminErrorResponse } from "@/lib/admin/admin-error-response";
import { requireAdmin } from "@/lib/auth/current-user";
import { usageReport } from "@/lib/db/usage";
import { AppError } from "@/lib/errors";

/** What everyone's model calls used in the last `days` days, also by user. */
export async function GET(request: Request) {
  try {
    const query = usageQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success)
      throw new AppError("bad_request:query", query.error.issues[0]?.message ?? "Bad query.");
    await requireAdmin();
    return Response.json(await usageReport({ since: Date.now() - query.data.days * 86_400_000 }));
  } catch (error) {
    return adminErrorResponse(request, error);
  }
}
