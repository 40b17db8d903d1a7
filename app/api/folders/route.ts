import { requireUser } from "@/lib/auth/current-user";
import { folderOrError, toApiFolder } from "@/lib/chat/folders";
import { createFolder, listFolders } from "@/lib/db/folders";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { createFolderSchema } from "./schema";

/** The caller's folders, by name: `[{ id, name, parent_id, system_prompt, created_at }]`. */
export async function GET() {
  try {
    const user = await requireUser();
    return Response.json((await listFolders({ userId: user.id })).map(toApiFolder));
  } catch (error) {
    return errorResponse(error);
  }
}

/** A new folder, at the top or in `parent_id` (at most three deep): 201. */
export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const body = await readJsonBody(request, createFolderSchema, env().MAX_BODY_BYTES);
    const user = await requireUser();
    const folder = folderOrError(
      await createFolder({
        userId: user.id,
        name: body.name,
        parentId: body.parent_id ?? null,
        systemPrompt: body.system_prompt ?? null,
      }),
    );
    return Response.json(toApiFolder(folder), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
