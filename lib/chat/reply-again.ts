import "server-only";
import { resolveModel } from "@/lib/ai/resolve-model";
import type { SessionUser } from "@/lib/db/auth-sessions";
import type { ConversationRecord } from "@/lib/db/conversations";
import { admitReply } from "./admit-reply";
import { wantsEventStream } from "./event-stream";
import { replyResponse } from "./reply-response";
import { rewindToLastUserMessage } from "./rewind";
import { startReply } from "./start-reply";

/** Regenerates the last reply, after replacing the last user message's text when given. */
export async function replyAgain({
  request,
  user,
  conversation,
  newText,
  stream,
}: {
  request: Request;
  user: SessionUser;
  conversation: ConversationRecord;
  newText?: string;
  stream?: boolean;
}): Promise<Response> {
  const resolved = await resolveModel({ id: conversation.model });
  const admitted = await admitReply({ user, resolved });
  try {
    await rewindToLastUserMessage({ conversation, newText });
  } catch (error) {
    admitted.cancel();
    throw error;
  }
  const { generation } = await startReply({ admitted, conversation });
  return replyResponse({
    generation,
    stream: wantsEventStream(request, { stream }),
    start: { session_id: conversation.id },
  });
}
