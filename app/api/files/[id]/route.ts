import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { deleteUnattachedFile, getOwnFileContent } from "@/lib/db/files";
import { AppError } from "@/lib/errors";
import { fileResponse } from "@/lib/files/file-response";
import { errorResponse } from "@/lib/http/error-response";
import { assertSameOrigin } from "@/lib/http/same-origin";

type Context = { params: Promise<{ id: string }> };

const notFound = () => new AppError("not_found:file", "File not found.");

async function parseId(context: Context): Promise<string> {
  const id = z.uuid().safeParse((await context.params).id);
  if (!id.success) throw notFound();
  return id.data.toLowerCase();
}

/**
 * The file, for its owner only (anyone else: 404), as a download that can never run as a page:
 * nosniff, a sandboxing CSP, and only images shown inline. `?thumb=1`: an image's small preview.
 */
export async function GET(request: Request, context: Context) {
  try {
    const id = await parseId(context);
    const thumb = new URL(request.url).searchParams.get("thumb") === "1";
    const user = await requireUser();
    const file = await getOwnFileContent({ id, userId: user.id, thumb });
    if (!file) throw notFound();
    // A file's bytes never change under its id; only its owner's browser keeps them.
    return fileResponse(file, "private, max-age=86400");
  } catch (error) {
    return uncached(errorResponse(error));
  }
}

/** An answer that no cache keeps (next.config.mjs leaves this route's caching to it). */
function uncached(response: Response): Response {
  response.headers.set("cache-control", "no-store, no-transform");
  response.headers.set("content-security-policy", "sandbox; default-src 'none'");
  return response;
}

/** Deletes an upload that no message carries yet (204); one that a message carries is 409. */
export async function DELETE(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = await parseId(context);
    const user = await requireUser();
    const outcome = await deleteUnattachedFile({ id, userId: user.id });
    if (outcome === "missing") throw notFound();
    if (outcome === "attached") {
      throw new AppError(
        "conflict:file",
        "A message carries this file: delete its conversation to delete it.",
      );
    }
    return uncached(new Response(null, { status: 204 }));
  } catch (error) {
    return uncached(errorResponse(error));
  }
}
