import { requireUser } from "@/lib/auth/current-user";
import { activeBranchPage, stepToBranch } from "@/lib/chat/branch-view";
import { parseConversationId, requireOwnConversation } from "@/lib/chat/conversation-access";
import { conversationPageResponse } from "@/lib/chat/conversation-page";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { messageRequestSchema } from "../schema";

type Context = { params: Promise<{ session_id: string }> };

/**
 * Steps to the branch through `message_id` (a version of a message, say): its newest leaf becomes
 * the end of the active branch. Answers like GET /api/sessions/<id>; 409 while a reply is written.
 */
export async function POST(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = parseConversationId((await context.params).session_id);
    const body = await readJsonBody(request, messageRequestSchema, env().MAX_BODY_BYTES);
    const user = await requireUser();
    const conversation = await requireOwnConversation({ id, userId: user.id });
    const stepped = await stepToBranch(conversation, body.message_id);
    return conversationPageResponse(stepped, await activeBranchPage(stepped, { limit: 50 }));
  } catch (error) {
    return errorResponse(error);
  }
}
