import { requireUser } from "@/lib/auth/current-user";
import {
  parseConversationId,
  requireOwnConversation,
  settleAbandonedReplies,
} from "@/lib/chat/conversation-access";
import { generationEventStream, remoteReplyEventStream } from "@/lib/chat/event-stream";
import { getLocalGeneration } from "@/lib/chat/generation";
import { getStreamingMessage } from "@/lib/db/messages";
import { errorResponse } from "@/lib/http/error-response";

type Context = { params: Promise<{ session_id: string }> };

/** Resumes the reply being written in this conversation: 204 when there is none. */
export async function GET(_request: Request, context: Context) {
  try {
    const id = parseConversationId((await context.params).session_id);
    const user = await requireUser();
    const conversation = await requireOwnConversation({ id, userId: user.id });
    const start = { session_id: conversation.id, resumed: true };

    const local = getLocalGeneration({ conversationId: conversation.id });
    if (local && !local.result) return generationEventStream(local, start);
    await settleAbandonedReplies(conversation.id);
    const remote = await getStreamingMessage({ conversationId: conversation.id });
    if (remote) return remoteReplyEventStream(remote, start);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
