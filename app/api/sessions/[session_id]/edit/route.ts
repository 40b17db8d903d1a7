import { requireUser } from "@/lib/auth/current-user";
import { parseConversationId, requireOwnConversation } from "@/lib/chat/conversation-access";
import { assertMessageLength } from "@/lib/chat/message-length";
import { editAndAnswer } from "@/lib/chat/reply-again";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { editRequestSchema } from "../schema";

type Context = { params: Promise<{ session_id: string }> };

/**
 * A new version of a user's message (`message_id`, else the last of the active branch), with new
 * text and, when given, new files, answered anew; the old version stays on its own branch.
 */
export async function POST(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = parseConversationId((await context.params).session_id);
    const body = await readJsonBody(request, editRequestSchema, env().MAX_BODY_BYTES);
    assertMessageLength(body.data);
    const user = await requireUser();
    const conversation = await requireOwnConversation({ id, userId: user.id });
    return await editAndAnswer({
      request,
      user,
      conversation,
      messageId: body.message_id,
      text: body.data,
      attachments: body.attachments,
      stream: body.stream,
    });
  } catch (error) {
    return errorResponse(error);
  }
}
