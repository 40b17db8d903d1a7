import { changePassword } from "@/lib/auth/account";
import { requireSessionUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { changePasswordSchema } from "../schema";

/** Changes the caller's password; their other sessions end. */
export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const body = await readJsonBody(request, changePasswordSchema, env().MAX_BODY_BYTES);
    const user = await requireSessionUser();
    await changePassword({ user, currentPassword: body.current_password, newPassword: body.new_password });
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
