import { z } from "zod";
import { adminErrorResponse } from "@/lib/admin/admin-error-response";
import { changeConnection, removeConnection } from "@/lib/admin/connections";
import { requireAdmin } from "@/lib/auth/current-user";
import { recordAudit } from "@/lib/db/audit";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { updateConnectionSchema } from "../schema";

type Context = { params: Promise<{ id: string }> };

async function parseId(context: Context): Promise<string> {
  const id = (await context.params).id;
  if (id === "env" || z.uuid().safeParse(id).success) return id;
  throw new AppError("not_found:connection", "Connection not found.");
}

/** Changes a connection an administrator added; the environment's answers 409. */
export async function PATCH(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = await parseId(context);
    const body = await readJsonBody(request, updateConnectionSchema, env().MAX_BODY_BYTES);
    const admin = await requireAdmin();
    const connection = await changeConnection(id, body);
    const changed = Object.keys(body).map((key) => (key === "api_key" ? "api key" : key));
    await recordAudit({
      action: "admin.connection.update",
      actor: admin.username,
      detail: `${connection.name}: ${changed.join(", ")}`,
    });
    return Response.json(connection);
  } catch (error) {
    return adminErrorResponse(request, error);
  }
}

/** Removes a connection an administrator added: 204; the environment's answers 409. */
export async function DELETE(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = await parseId(context);
    const admin = await requireAdmin();
    await removeConnection(id);
    await recordAudit({ action: "admin.connection.delete", actor: admin.username, detail: id });
    return new Response(null, { status: 204 });
  } catch (error) {
    return adminErrorResponse(request, error);
  }
}
