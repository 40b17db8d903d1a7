import { requireUser } from "@/lib/auth/current-user";
import { decodeConversationCursor, encodeConversationCursor } from "@/lib/chat/conversation-cursor";
import { listConversations } from "@/lib/db/conversation-list";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { sessionsQuerySchema } from "./schema";

/**
 * The caller's conversations, pinned ones first, then newest first, a page at a time (the next
 * cursor is in X-Next-Cursor): without the archived ones, or (`archived=true`) only those; in one
 * folder with `folder_id`.
 */
export async function GET(request: Request) {
  try {
    const query = sessionsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) {
      throw new AppError(
        "bad_request:query",
        "limit must be 1 to 200, archived true or false, and folder_id a folder's id.",
      );
    }
    const cursor = query.data.cursor === undefined ? undefined : decodeConversationCursor(query.data.cursor);
    if (cursor === null) throw new AppError("bad_request:query", "cursor is not one this API gave out.");
    const user = await requireUser();
    const page = await listConversations({
      userId: user.id,
      limit: query.data.limit,
      cursor,
      archived: query.data.archived === "true",
      folderId: query.data.folder_id?.toLowerCase(),
    });
    // The page comes from the database as the API's JSON (lib/db/conversation-list.ts).
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (page.next) headers["x-next-cursor"] = encodeConversationCursor(page.next);
    return new Response(page.json, { headers });
  } catch (error) {
    return errorResponse(error);
  }
}
