import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { toApiMessage } from "@/lib/chat/api-message";
import { toApiSession } from "@/lib/chat/api-session";
import {
  parseSessionId,
  requireOwnConversation,
  settleAbandonedReplies,
} from "@/lib/chat/conversation-access";
import { getMessagePage } from "@/lib/db/messages";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";

type Context = { params: Promise<{ session_id: string }> };

const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid().optional(),
});

/** The conversation and one page of its messages, newest page first; `next_cursor` pages back. */
export async function GET(request: Request, context: Context) {
  try {
    const id = parseSessionId((await context.params).session_id);
    const query = pageQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success)
      throw new AppError("bad_request:query", "limit must be 1 to 200 and cursor a message id.");
    const user = await requireUser();
    const conversation = await requireOwnConversation({ id, userId: user.id });
    await settleAbandonedReplies(conversation.id);
    const page = await getMessagePage({ conversationId: conversation.id, ...query.data });
    return Response.json(
      {
        ...toApiSession(conversation),
        messages: page.messages.map(toApiMessage),
        next_cursor: page.nextCursor,
      },
      { headers: page.nextCursor ? { "x-next-cursor": page.nextCursor } : {} },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
