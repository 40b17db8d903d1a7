import { requireUser } from "@/lib/auth/current-user";
import { newConversationSettings } from "@/lib/chat/conversation-settings";
import { newConversationSchema } from "@/lib/chat/request-schemas";
import { createConversation } from "@/lib/db/conversations";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";

/**
 * A new conversation: `{ session_id }`. The body is optional: `{ model?, system_prompt?,
 * temperature?, preset_id? }` (a preset's settings are copied, then the others set).
 */
export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const body = await readJsonBody(request, newConversationSchema, env().MAX_BODY_BYTES, { emptyAs: {} });
    const user = await requireUser();
    const settings = await newConversationSettings({ userId: user.id, request: body });
    const conversation = await createConversation({ userId: user.id, settings });
    return Response.json({ session_id: conversation.id });
  } catch (error) {
    return errorResponse(error);
  }
}
