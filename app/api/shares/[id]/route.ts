import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { recordAudit } from "@/lib/db/audit";
import { deleteShare } from "@/lib/db/shares";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { assertSameOrigin } from "@/lib/http/same-origin";

type Context = { params: Promise<{ id: string }> };

/** Revokes one of the caller's share links at once: 204 (anyone else's: 404). */
export async function DELETE(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = z.uuid().safeParse((await context.params).id);
    const user = await requireUser();
    const revoked = id.success ? await deleteShare({ id: id.data.toLowerCase(), userId: user.id }) : null;
    if (!revoked) throw new AppError("not_found:share", "Share link not found.");
    await recordAudit({
      action: "share.revoke",
      actor: user.username,
      target: user.username,
      detail: `conversation ${revoked.conversationId}, link ${revoked.id}`,
    });
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
