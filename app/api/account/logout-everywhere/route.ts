import { logOutEverywhere } from "@/lib/auth/account";
import { requireSessionUser } from "@/lib/auth/current-user";
import { errorResponse } from "@/lib/http/error-response";
import { assertSameOrigin } from "@/lib/http/same-origin";

/** Ends every session of the caller, on every device, this one included. */
export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const user = await requireSessionUser();
    await logOutEverywhere({ user });
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
