import { adminErrorResponse } from "@/lib/admin/admin-error-response";
import { toApiAuditEvent } from "@/lib/admin/api-audit-event";
import { requireAdmin } from "@/lib/auth/current-user";
import { listAuditEvents } from "@/lib/db/audit";
import { AppError } from "@/lib/errors";
import { auditQuerySchema } from "../schema";

/** Security events, newest first, a page at a time; the next cursor is in X-Next-Cursor. */
export async function GET(request: Request) {
  try {
    const query = auditQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) {
      throw new AppError("bad_request:query", query.error.issues[0]?.message ?? "Bad query.");
    }
    await requireAdmin();
    const page = await listAuditEvents({ limit: query.data.limit, before: query.data.cursor });
    const headers: Record<string, string> = page.next ? { "x-next-cursor": page.next } : {};
    return Response.json(page.events.map(toApiAuditEvent), { headers });
  } catch (error) {
    return adminErrorResponse(request, error);
  }
}
