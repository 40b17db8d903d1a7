import "server-only";
import type { ConversationRecord } from "@/lib/db/conversations";
import { toApiConversation } from "./api-conversation";
import { toApiMessage } from "./api-message";
import type { MessagePage } from "./branch-view";

/** A conversation with one page of its active branch, as GET /api/sessions/<id> answers. */
export function conversationPageResponse(conversation: ConversationRecord, page: MessagePage): Response {
  return Response.json(
    {
      ...toApiConversation(conversation),
      messages: page.messages.map(toApiMessage),
      next_cursor: page.nextCursor,
    },
    { headers: page.nextCursor ? { "x-next-cursor": page.nextCursor } : {} },
  );
}
