import { adminErrorResponse } from "@/lib/admin/admin-error-response";
import { addConnection, listAdminConnections } from "@/lib/admin/connections";
import { requireAdmin } from "@/lib/auth/current-user";
import { recordAudit } from "@/lib/db/audit";
import { env } from "@/lib/env";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { createConnectionSchema } from "./schema";

/** Every connection, the environment's first, with how its server answered and its models. */
export async function GET(request: Request) {
  try {
    await requireAdmin();
    return Response.json(await listAdminConnections());
  } catch (error) {
    return adminErrorResponse(request, error);
  }
}

/** Adds an OpenAI-compatible model server: 201 the connection. */
export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const body = await readJsonBody(request, createConnectionSchema, env().MAX_BODY_BYTES);
    const admin = await requireAdmin();
    const connection = await addConnection(body);
    await recordAudit({
      action: "admin.connection.create",
      actor: admin.username,
      detail: `${connection.name} (${connection.base_url})`,
    });
    return Response.json(connection, { status: 201 });
  } catch (error) {
    return adminErrorResponse(request, error);
  }
}
