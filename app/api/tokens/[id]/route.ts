import { z } from "zod";
import { requireSessionUser } from "@/lib/auth/current-user";
import { deleteApiToken } from "@/lib/db/api-tokens";
import { recordAudit } from "@/lib/db/audit";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { assertSameOrigin } from "@/lib/http/same-origin";

type Context = { params: Promise<{ id: string }> };

/** Revokes a token at once. */
export async function DELETE(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = z.uuid().safeParse((await context.params).id);
    if (!id.success) throw new AppError("bad_request:token", "id: must be a UUID");
    const user = await requireSessionUser();
    if (!(await deleteApiToken({ id: id.data, userId: user.id }))) {
      throw new AppError("not_found:token", "Token not found.");
    }
    await recordAudit({
      action: "token.revoke",
      actor: user.username,
      target: user.username,
      detail: `token ${id.data}`,
    });
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
