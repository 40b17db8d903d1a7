import { requireUser } from "@/lib/auth/current-user";
import { exportJson, textDownload } from "@/lib/chat/export-stream";
import { iterateConversations } from "@/lib/db/conversations";
import { errorResponse } from "@/lib/http/error-response";

/** All of the caller's conversations, attachments included, as one JSON file, streamed. */
export async function GET() {
  try {
    const user = await requireUser();
    const conversations = iterateConversations({ userId: user.id });
    const date = new Date().toISOString().slice(0, 10);
    return textDownload(exportJson({ userId: user.id, conversations }), {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="conversations-${date}.json"`,
    });
  } catch (error) {
    return errorResponse(error);
  }
}
