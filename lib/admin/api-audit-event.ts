import type { AuditEventRecord } from "@/lib/db/audit";

export type ApiAuditEvent = ReturnType<typeof toApiAuditEvent>;

export function toApiAuditEvent(event: AuditEventRecord) {
  return {
    id: event.id,
    at: event.at.toISOString(),
    action: event.action,
    actor: event.actor,
    target: event.target,
    address: event.address,
    detail: event.detail,
  };
}
