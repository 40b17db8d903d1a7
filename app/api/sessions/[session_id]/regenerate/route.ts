import { requireUser } from "@/lib/auth/current-user";
import { parseConversationId, requireOwnConversation } from "@/lib/chat/conversation-access";
import { regenerate } from "@/lib/chat/reply-again";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { regenerateRequestSchema } from "../schema";

type Context = { params: Promise<{ session_id: string }> };

/** A new version of a reply (`message_id`, else the last of the active branch); the old ones stay. */
export async function POST(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = parseConversationId((await context.params).session_id);
    const body = await readJsonBody(request, regenerateRequestSchema, env().MAX_BODY_BYTES, { emptyAs: {} });
    const user = await requireUser();
    const conversation = await requireOwnConversation({ id, userId: user.id });
    return await regenerate({ request, user, conversation, messageId: body.message_id, stream: body.stream });
  } catch (error) {
    return errorResponse(error);
  }
}
