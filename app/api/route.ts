import { resolveModel } from "@/lib/ai/resolve-model";
import { admitReply } from "@/lib/chat/admit-reply";
import { toApiMessage } from "@/lib/chat/api-message";
import { assertModelSeesImages, requireOwnAttachments } from "@/lib/chat/attachments";
import { requireUserAndOwnConversation } from "@/lib/chat/conversation-access";
import { wantsEventStream } from "@/lib/chat/event-stream";
import { assertMessageLength } from "@/lib/chat/message-length";
import { replyResponse } from "@/lib/chat/reply-response";
import { chatRequestSchema } from "@/lib/chat/request-schemas";
import { startReply } from "@/lib/chat/start-reply";
import { updateConversation } from "@/lib/db/conversations";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";

export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const body = await readJsonBody(request, chatRequestSchema, env().MAX_BODY_BYTES);
    assertMessageLength(body.data);
    const { user, conversation, turns } = await requireUserAndOwnConversation({ id: body.session_id });
    const resolved = await resolveModel({ id: body.model ?? conversation.model });
    const files = await requireOwnAttachments(user.id, body.attachments);
    assertModelSeesImages(resolved.model, files);
    // A model chosen with this message is the conversation's from now on.
    if (body.model !== undefined && body.model !== conversation.model) {
      await updateConversation({ id: conversation.id, userId: user.id, changes: { model: body.model } });
    }
    const admitted = await admitReply({ user, resolved });

    // The user's message is saved before any of the reply is sent, and kept whatever happens next.
    const { generation, userMessage } = await startReply({
      admitted,
      conversation,
      turns,
      userText: body.data,
      userFiles: files,
    });
    return await replyResponse({
      generation,
      stream: wantsEventStream(request, body),
      start: { session_id: conversation.id, user_message: userMessage && toApiMessage(userMessage) },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
