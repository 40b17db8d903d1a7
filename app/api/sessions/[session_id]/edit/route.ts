import { requireUser } from "@/lib/auth/current-user";
import { parseConversationId, requireOwnConversation } from "@/lib/chat/conversation-access";
import { assertMessageLength } from "@/lib/chat/message-length";
import { replyAgain } from "@/lib/chat/reply-again";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { editRequestSchema } from "../schema";

type Context = { params: Promise<{ session_id: string }> };

/** Replaces the text (and, when given, the files) of the last user message and answers it anew. */
export async function POST(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = parseConversationId((await context.params).session_id);
    const body = await readJsonBody(request, editRequestSchema, env().MAX_BODY_BYTES);
    assertMessageLength(body.data);
    const user = await requireUser();
    const conversation = await requireOwnConversation({ id, userId: user.id });
    return await replyAgain({
      request,
      user,
      conversation,
      newText: body.data,
      newAttachments: body.attachments,
      stream: body.stream,
    });
  } catch (error) {
    return errorResponse(error);
  }
}
