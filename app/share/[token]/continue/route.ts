import { getPageUser } from "@/lib/auth/current-user";
import { continueShared, mayOpen, sharedSnapshot } from "@/lib/chat/shares";
import { AppError } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";

type Context = { params: Promise<{ token: string }> };

const redirectTo = (path: string) => new Response(null, { status: 303, headers: { location: path } });

/**
 * "Continue this conversation": copies what the link shows into the viewer's own conversations and
 * opens the copy. A visitor who is not logged in is sent to log in first.
 */
export async function POST(request: Request, context: Context) {
  const { token } = await context.params;
  const back = `/share/${encodeURIComponent(token)}`;
  try {
    assertSameOrigin(request);
    const viewer = await getPageUser();
    if (!viewer) return redirectTo(`/?next=${encodeURIComponent(back)}`);
    const snapshot = await sharedSnapshot(token);
    if (!snapshot || !mayOpen(snapshot.share, viewer)) return new Response("Not found.", { status: 404 });
    const copy = await continueShared(snapshot, viewer);
    return redirectTo(`/interact_history/${copy}`);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.status === 403) return new Response(error.message, { status: 403 });
    return redirectTo(`${back}?error=${encodeURIComponent(error.message)}`);
  }
}
