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

// What a link from another site gets instead of being logged out: the choice, as a button.
const CONFIRM_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log out · Chat</title><meta name="robots" content="noindex">
<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0}
main{text-align:center}button{font:inherit;padding:.5rem 1.25rem;border-radius:.5rem;border:1px solid #888;cursor:pointer}
@media (prefers-color-scheme:dark){body{background:#0a0a0a;color:#f5f5f5}}</style></head>
<body><main><h1>Log out of Chat?</h1><p>A link from another site asked to log you out.</p>
<form method="post" action="/logout"><button type="submit">Log out</button></form>
<p><a href="/interact_history">Stay logged in</a></p></main></body></html>`;

/**
 * A link to /logout works, as the original's did; but a request another site triggered gets a page
 * with a Log out button instead, so that no site can log a user out by embedding the link.
 */
export async function GET(request: Request) {
  const site = request.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") {
    return new Response(CONFIRM_PAGE, {
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    });
  }
  return logout();
}
