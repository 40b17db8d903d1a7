import { toApiToken } from "@/lib/auth/api-token";
import { requireSessionUser } from "@/lib/auth/current-user";
import { createApiToken, listApiTokens } from "@/lib/db/api-tokens";
import { recordAudit } from "@/lib/db/audit";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { createTokenSchema } from "./schema";

/** The caller's tokens, without their secrets. */
export async function GET() {
  try {
    const user = await requireSessionUser();
    return Response.json((await listApiTokens({ userId: user.id })).map(toApiToken));
  } catch (error) {
    return errorResponse(error);
  }
}

/** Creates a token; `token` is shown this once. */
export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const body = await readJsonBody(request, createTokenSchema, env().MAX_BODY_BYTES);
    const user = await requireSessionUser();
    const expiresAt = body.expires_in_days ? new Date(Date.now() + body.expires_in_days * 86_400_000) : null;
    const { record, token } = await createApiToken({ userId: user.id, name: body.name, expiresAt });
    await recordAudit({
      action: "token.create",
      actor: user.username,
      target: user.username,
      detail: `token "${record.name}"`,
    });
    return Response.json({ ...toApiToken(record), token }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
