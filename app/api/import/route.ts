import { requireUser } from "@/lib/auth/current-user";
import { importSchema } from "@/lib/chat/export-format";
import { importConversations } from "@/lib/db/import";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";

/** Imports a file from GET /api/export (or a conversation's JSON export) into the caller's account. */
export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const user = await requireUser();
    const file = await readJsonBody(request, importSchema, env().MAX_IMPORT_BYTES);
    const sessionIds = await importConversations({ userId: user.id, file });
    return Response.json({ imported: sessionIds.length, session_ids: sessionIds });
  } catch (error) {
    return errorResponse(error);
  }
}
