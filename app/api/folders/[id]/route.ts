import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { folderOrError, toApiFolder } from "@/lib/chat/folders";
import { deleteFolder, updateFolder } from "@/lib/db/folders";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { deleteFolderQuerySchema, updateFolderSchema } from "../schema";

type Context = { params: Promise<{ id: string }> };

const notFound = () => new AppError("not_found:folder", "Folder not found.");

async function folderId(context: Context): Promise<string> {
  const id = z.uuid().safeParse((await context.params).id);
  if (!id.success) throw notFound();
  return id.data.toLowerCase();
}

/** Renames a folder, changes its system prompt, or moves it (`parent_id` null: to the top). */
export async function PATCH(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = await folderId(context);
    const body = await readJsonBody(request, updateFolderSchema, env().MAX_BODY_BYTES);
    const user = await requireUser();
    const folder = folderOrError(
      await updateFolder({
        id,
        userId: user.id,
        changes: { name: body.name, parentId: body.parent_id, systemPrompt: body.system_prompt },
      }),
    );
    return Response.json(toApiFolder(folder));
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * Deletes a folder and the folders in it: 204. Their conversations move to no folder, or with
 * `?delete_conversations=true` are deleted too.
 */
export async function DELETE(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = await folderId(context);
    const query = deleteFolderQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success)
      throw new AppError("bad_request:query", "delete_conversations must be true or false.");
    const user = await requireUser();
    const deleted = await deleteFolder({
      id,
      userId: user.id,
      deleteConversations: query.data.delete_conversations === "true",
    });
    if (!deleted) throw notFound();
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
