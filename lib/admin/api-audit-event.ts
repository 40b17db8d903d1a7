import type { AuditEventRecord } from "@/lib/db/audit";
import { plainAddress } from "@/lib/http/trust-proxy.mjs";

/** An audit event as the admin API gives it; the client's type is derived from this mapper. */
export type ApiAuditEvent = ReturnType<typeof toApiAuditEvent>;

export function toApiAuditEvent(event: AuditEventRecord) {
  return {
    id: event.id,
    at: event.at.toISOString(),
    action: event.action,
    actor: event.actor,
    target: event.target,
    // Events recorded before addresses were taken from the socket may be IPv4-mapped.
    address: event.address === null ? null : plainAddress(event.address),
    detail: event.detail,
  };
}
