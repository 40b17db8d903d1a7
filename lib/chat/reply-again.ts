import "server-only";
import { isModelConfigured, MODEL_NOT_CONFIGURED } from "@/lib/ai/client";
import type { ConversationRecord } from "@/lib/db/conversations";
import { AppError } from "@/lib/errors";
import { wantsEventStream } from "./event-stream";
import { assertWithinQuota } from "./quota";
import { replyResponse } from "./reply-response";
import { rewindToLastUserMessage } from "./rewind";
import { startReply } from "./start-reply";

/** Regenerates the last reply, after replacing the last user message's text when given. */
export async function replyAgain({
  request,
  conversation,
  newText,
  stream,
}: {
  request: Request;
  conversation: ConversationRecord;
  newText?: string;
  stream?: boolean;
}): Promise<Response> {
  if (!isModelConfigured()) throw new AppError("unavailable:model", MODEL_NOT_CONFIGURED);
  await assertWithinQuota({ userId: conversation.userId });
  await rewindToLastUserMessage({ conversation, newText });
  const { generation } = await startReply({ conversation });
  return replyResponse({
    generation,
    stream: wantsEventStream(request, { stream }),
    start: { session_id: conversation.id },
  });
}
