import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { errorResponse } from "@/lib/http/error-response";
import { assertSameOrigin } from "@/lib/http/same-origin";

type Context = { params: Promise<{ nextauth: string[] }> };

function handle(request: Request, context: Context) {
  return NextAuth(request as never, context as never, authOptions());
}

/** next-auth's CSRF token guards its forms; a form posted from another site is refused as well. */
export async function POST(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
  } catch (error) {
    return errorResponse(error);
  }
  return handle(request, context);
}

export { handle as GET };
