import { adminErrorResponse } from "@/lib/admin/admin-error-response";
import { toApiUser } from "@/lib/admin/api-user";
import { requireAdmin } from "@/lib/auth/current-user";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/db/audit";
import { createUser, getUserByUsername, listUsers } from "@/lib/db/users";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { createUserSchema } from "../schema";

export async function GET(request: Request) {
  try {
    await requireAdmin();
    return Response.json((await listUsers()).map(toApiUser));
  } catch (error) {
    return adminErrorResponse(request, error);
  }
}

export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const body = await readJsonBody(request, createUserSchema, env().MAX_BODY_BYTES);
    const admin = await requireAdmin();
    if (await getUserByUsername({ username: body.username })) {
      throw new AppError("conflict:user", "That username is taken.");
    }
    const user = await createUser({
      username: body.username,
      passwordHash: await hashPassword(body.password),
      role: body.role,
    });
    await recordAudit({
      action: "admin.user.create",
      actor: admin.username,
      target: user.username,
      detail: `role ${user.role}`,
    });
    return Response.json(toApiUser(user), { status: 201 });
  } catch (error) {
    return adminErrorResponse(request, error);
  }
}
