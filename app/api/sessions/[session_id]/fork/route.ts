import { requireUser } from "@/lib/auth/current-user";
import { parseConversationId, requireOwnConversation } from "@/lib/chat/conversation-access";
import { forkConversation } from "@/lib/chat/fork";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { messageRequestSchema } from "../schema";

type Context = { params: Promise<{ session_id: string }> };

/** A new conversation of the caller's holding the branch from the first message to `message_id`: 201. */
export async function POST(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = parseConversationId((await context.params).session_id);
    const body = await readJsonBody(request, messageRequestSchema, env().MAX_BODY_BYTES);
    const user = await requireUser();
    const conversation = await requireOwnConversation({ id, userId: user.id });
    const sessionId = await forkConversation(conversation, body.message_id);
    return Response.json({ session_id: sessionId }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
