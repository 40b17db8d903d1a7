import { NextResponse } from "next/server";
import { getAuthSessionId } from "@/lib/auth/current-user";
import { deleteAuthSession } from "@/lib/db/auth-sessions";
import { errorResponse } from "@/lib/http/error-response";
import { assertSameOrigin } from "@/lib/http/same-origin";

const AUTH_COOKIES = ["next-auth.session-token", "next-auth.csrf-token", "next-auth.callback-url"];

// Relative, so it stays on the host the browser used whatever the server thinks its name is.
function redirectHome(): NextResponse {
  return new NextResponse(null, { status: 303, headers: { location: "/" } });
}

async function logout(): Promise<Response> {
  const sessionId = await getAuthSessionId();
  if (sessionId) await deleteAuthSession({ sessionId });
  const response = redirectHome();
  for (const name of AUTH_COOKIES) {
    response.cookies.set(name, "", { path: "/", maxAge: 0 });
    response.cookies.set(`__Secure-${name}`, "", { path: "/", maxAge: 0, secure: true });
  }
  return response;
}

export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    return await logout();
  } catch (error) {
    return errorResponse(error);
  }
}

/** A link to /logout works, but another site cannot log a user out by embedding one. */
export async function GET(request: Request) {
  const site = request.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return redirectHome();
  return logout();
}
