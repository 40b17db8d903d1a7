import "server-only";
import { resolveModel } from "@/lib/ai/resolve-model";
import type { SessionUser } from "@/lib/db/auth-sessions";
import type { ConversationRecord } from "@/lib/db/conversations";
import { getLastUserMessageFiles } from "@/lib/db/files";
import { admitReply } from "./admit-reply";
import { assertModelSeesImages, requireOwnAttachments } from "./attachments";
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
  newAttachments,
  stream,
}: {
  request: Request;
  user: SessionUser;
  conversation: ConversationRecord;
  newText?: string;
  /** The files the edited message carries instead of its own. */
  newAttachments?: string[];
  stream?: boolean;
}): Promise<Response> {
  const resolved = await resolveModel({ id: conversation.model });
  const files =
    newAttachments === undefined
      ? await getLastUserMessageFiles({ conversationId: conversation.id })
      : await requireOwnAttachments(user.id, newAttachments);
  assertModelSeesImages(resolved.model, files);
  const admitted = await admitReply({ user, resolved });
  try {
    await rewindToLastUserMessage({
      conversation,
      newText,
      newFileIds: newAttachments === undefined ? undefined : files.map((file) => file.id),
    });
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
