import { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { getPageUser } from "@/lib/auth/current-user";
import { authOptions } from "@/lib/auth/options";
import { errorResponse } from "@/lib/http/error-response";
import { readBodyWithin } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";

type Context = { params: Promise<{ nextauth: string[] }> };

// A login form is a few hundred bytes; nothing larger is read before anyone has logged in.
const MAX_AUTH_BODY_BYTES = 16 * 1024;

function handle(request: Request, context: Context) {
  return NextAuth(request as never, context as never, authOptions());
}

/**
 * next-auth's CSRF token guards its forms; a form posted from another site is refused as well, and
 * so is a body over a few kilobytes, before next-auth reads it.
 */
export async function POST(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const body = await readBodyWithin(request, MAX_AUTH_BODY_BYTES);
    // next-auth reads the body and `nextUrl` of the request it is given: a copy of the one read here.
    const copy = new NextRequest(request.url, {
      method: "POST",
      headers: request.headers,
      body: new Uint8Array(body),
    });
    return await handle(copy, context);
  } catch (error) {
    return errorResponse(error);
  }
}

/** next-auth's session endpoint answers only for a login that is still live on the server. */
export async function GET(request: Request, context: Context) {
  const [action] = (await context.params).nextauth;
  if (action === "session" && !(await getPageUser().catch(() => null))) {
    return Response.json({}, { headers: { "cache-control": "no-store" } });
  }
  return handle(request, context);
}
