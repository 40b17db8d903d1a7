import "server-only";
import { requestAddress } from "@/lib/http/client-address";
import { uuidv7 } from "@/lib/ids";
import { log } from "@/lib/log/logger.mjs";
import { prisma } from "./client";
import { executeRaw } from "./raw";

export type AuditAction =
  | "login.success"
  | "login.failure"
  | "login.lockout"
  | "signup"
  | "password.change"
  | "logout.everywhere"
  | "token.create"
  | "token.revoke"
  | "admin.user.create"
  | "admin.user.update"
  | "admin.user.delete"
  | "admin.refused"
  | "admin.connection.create"
  | "admin.connection.update"
  | "admin.connection.delete"
  | "admin.model.update"
  | "preset.share"
  | "share.create"
  | "share.revoke";

export type AuditEventRecord = {
  id: string;
  at: Date;
  action: string;
  actor: string | null;
  target: string | null;
  address: string | null;
  detail: string | null;
};

/**
 * Records an event, with the address of the client of the request being handled unless `address`
 * is given. It never fails the action it describes: a lost audit line is only logged.
 */
export async function recordAudit(event: {
  action: AuditAction;
  actor?: string | null;
  target?: string | null;
  address?: string | null;
  detail?: string | null;
}): Promise<void> {
  const at = new Date();
  try {
    const address = event.address !== undefined ? event.address : await requestAddress().catch(() => null);
    await executeRaw(
      `INSERT INTO "audit_events" ("id", "at", "action", "actor", "target", "address", "detail")
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      uuidv7(at.getTime()),
      at,
      event.action,
      event.actor ?? null,
      event.target ?? null,
      address,
      event.detail ?? null,
    );
  } catch (error) {
    log.error({ action: event.action, error: (error as Error).message }, "could not record an audit event");
  }
}

/** A page of events, newest first; `next` is the cursor for the older ones, null at the first event. */
export async function listAuditEvents({
  limit,
  before,
}: {
  limit: number;
  before?: string;
}): Promise<{ events: AuditEventRecord[]; next: string | null }> {
  const rows = await (await prisma()).auditEvent.findMany({
    where: before === undefined ? undefined : { id: { lt: before } },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const events = rows.slice(0, limit);
  return { events, next: rows.length > limit ? (events.at(-1)?.id ?? null) : null };
}
