import { requireAdmin } from "@/lib/auth/current-user";
import { listAuditEvents } from "@/lib/db/audit";
import { errorResponse } from "@/lib/http/error-response";

/** The most recent security events, newest first. */
export async function GET(request: Request) {
  try {
    await requireAdmin();
    const limit = Math.min(500, Math.max(1, Number(new URL(request.url).searchParams.get("limit")) || 100));
    const events = await listAuditEvents({ limit });
    return Response.json(
      events.map((event) => ({
        at: event.at.toISOString(),
        action: event.action,
        actor: event.actor,
        target: event.target,
        address: event.address,
        detail: event.detail,
      })),
    );
  } catch (error) {
    return errorResponse(error);
  }
}
