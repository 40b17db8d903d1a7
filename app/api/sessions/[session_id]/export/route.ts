import { requireUser } from "@/lib/auth/current-user";
import { parseConversationId, requireOwnConversation } from "@/lib/chat/conversation-access";
import { toMarkdown } from "@/lib/chat/export-format";
import { exportJson, textDownload } from "@/lib/chat/export-stream";
import { getActiveBranch } from "@/lib/db/branches";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";

type Context = { params: Promise<{ session_id: string }> };

/**
 * One conversation as a download: Markdown (its active branch, naming its files) or JSON (every
 * branch, files included), which can be imported again.
 */
export async function GET(request: Request, context: Context) {
  try {
    const id = parseConversationId((await context.params).session_id);
    const format = new URL(request.url).searchParams.get("format") ?? "json";
    if (format !== "md" && format !== "json")
      throw new AppError("bad_request:query", "format must be md or json.");
    const user = await requireUser();
    const conversation = await requireOwnConversation({ id, userId: user.id });
    const filename = `conversation-${conversation.id}.${format}`;
    const disposition = { "content-disposition": `attachment; filename="${filename}"` };
    if (format === "md") {
      const messages = await getActiveBranch({
        conversationId: conversation.id,
        leafId: conversation.activeLeafId,
      });
      return new Response(toMarkdown(conversation, messages), {
        headers: { "content-type": "text/markdown; charset=utf-8", ...disposition },
      });
    }
    const conversations = (async function* () {
      yield conversation;
    })();
    return textDownload(exportJson({ userId: user.id, conversations }), {
      "content-type": "application/json; charset=utf-8",
      ...disposition,
    });
  } catch (error) {
    return errorResponse(error);
  }
}
