import { z } from "zod";
import { adminErrorResponse } from "@/lib/admin/admin-error-response";
import { toApiUser } from "@/lib/admin/api-user";
import { requireAdmin } from "@/lib/auth/current-user";
import { hashPassword } from "@/lib/auth/password";
import { revokeAccess } from "@/lib/auth/revoke-access";
import { recordAudit } from "@/lib/db/audit";
import { deleteUserKeepingAnAdmin, getUserById, updateUserKeepingAnAdmin } from "@/lib/db/users";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { updateUserSchema } from "../../schema";

type Context = { params: Promise<{ id: string }> };

const LAST_ADMIN = "The last administrator cannot be removed, disabled or demoted.";

async function parseId(context: Context): Promise<string> {
  const id = z.uuid().safeParse((await context.params).id);
  if (!id.success) throw new AppError("bad_request:user", "id: must be a UUID");
  return id.data;
}

/** Changes a user's role, disables or re-enables them, or resets their password. */
export async function PATCH(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = await parseId(context);
    const body = await readJsonBody(request, updateUserSchema, env().MAX_BODY_BYTES);
    const admin = await requireAdmin();
    const result = await updateUserKeepingAnAdmin({
      id,
      changes: {
        ...(body.role ? { role: body.role } : {}),
        ...(body.disabled === undefined ? {} : { disabledAt: body.disabled ? new Date() : null }),
        ...(body.password ? { passwordHash: await hashPassword(body.password) } : {}),
      },
    });
    if (result === "not_found") throw new AppError("not_found:user", "User not found.");
    if (result === "last_admin") throw new AppError("conflict:user", LAST_ADMIN);
    // A disabled user, or one whose password was reset, is logged out everywhere at once.
    if (body.disabled || body.password) await revokeAccess({ userId: id });
    const user = await getUserById({ id });
    if (!user) throw new AppError("not_found:user", "User not found.");
    const changes = [
      body.role && `role ${body.role}`,
      body.disabled !== undefined && (body.disabled ? "disabled" : "enabled"),
      body.password && "password reset",
    ].filter(Boolean);
    await recordAudit({
      action: "admin.user.update",
      actor: admin.username,
      target: user.username,
      detail: changes.join(", "),
    });
    return Response.json(toApiUser(user));
  } catch (error) {
    return adminErrorResponse(request, error);
  }
}

/** Deletes a user with all their conversations. */
export async function DELETE(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = await parseId(context);
    const admin = await requireAdmin();
    const user = await getUserById({ id });
    const result = await deleteUserKeepingAnAdmin({ id });
    if (result === "not_found" || !user) throw new AppError("not_found:user", "User not found.");
    if (result === "last_admin") throw new AppError("conflict:user", LAST_ADMIN);
    await recordAudit({
      action: "admin.user.delete",
      actor: admin.username,
      target: user.username,
    });
    return new Response(null, { status: 204 });
  } catch (error) {
    return adminErrorResponse(request, error);
  }
}
