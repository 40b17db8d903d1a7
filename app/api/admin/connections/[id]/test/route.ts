import { z } from "zod";
import { adminErrorResponse } from "@/lib/admin/admin-error-response";
import { testConnection } from "@/lib/admin/connections";
import { requireAdmin } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";

type Context = { params: Promise<{ id: string }> };

/** Asks the connection's server for its models now: the connection, with how it answered. */
export async function POST(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = (await context.params).id;
    if (id !== "env" && !z.uuid().safeParse(id).success) {
      throw new AppError("not_found:connection", "Connection not found.");
    }
    await requireAdmin();
    return Response.json(await testConnection(id));
  } catch (error) {
    return adminErrorResponse(request, error);
  }
}
