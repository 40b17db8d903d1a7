import { requireUser } from "@/lib/auth/current-user";
import { parseConversationId, requireOwnConversation } from "@/lib/chat/conversation-access";
import { getLocalGeneration } from "@/lib/chat/generation";
import { announceStop } from "@/lib/chat/live-relay";
import { requestStop } from "@/lib/db/messages";
import { errorResponse } from "@/lib/http/error-response";
import { assertSameOrigin } from "@/lib/http/same-origin";

type Context = { params: Promise<{ session_id: string }> };

/** Stops the reply being written; its text so far is kept with status `stopped`. */
export async function POST(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = parseConversationId((await context.params).session_id);
    const user = await requireUser();
    const conversation = await requireOwnConversation({ id, userId: user.id });
    const local = getLocalGeneration({ conversationId: conversation.id });
    local?.controller.abort();
    // Another instance writing it is told at once, and sees the status at its next checkpoint anyway.
    const stopped = (await requestStop({ conversationId: conversation.id })) > 0 || Boolean(local);
    if (stopped && !local) await announceStop(conversation.id);
    if (local) await local.done;
    return Response.json({ stopped });
  } catch (error) {
    return errorResponse(error);
  }
}
