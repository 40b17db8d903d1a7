import "server-only";
import { resolveModel } from "@/lib/ai/resolve-model";
import type { SessionUser } from "@/lib/db/auth-sessions";
import { withTree } from "@/lib/db/branches";
import type { ConversationRecord } from "@/lib/db/conversations";
import { type FileWithTextLength, getMessageFiles } from "@/lib/db/files";
import { type AdmittedReply, admitReply } from "./admit-reply";
import { toApiMessage } from "./api-message";
import { assertModelSeesImages, requireOwnAttachments } from "./attachments";
import { assertNoReplyBeingWritten, editPoint, regeneratePoint } from "./branch-point";
import { wantsEventStream } from "./event-stream";
import { replyResponse } from "./reply-response";
import { startReply } from "./start-reply";

type ReplyRequest = {
  request: Request;
  user: SessionUser;
  conversation: ConversationRecord;
  stream?: boolean;
};

/** Admits a reply with the conversation's model, after checking it may see the files it is to be sent. */
async function admitFor(user: SessionUser, conversation: ConversationRecord, files: FileWithTextLength[]) {
  const resolved = await resolveModel({ id: conversation.model });
  assertModelSeesImages(resolved.model, files);
  return admitReply({ user, resolved });
}

async function answer(
  { request, conversation, stream }: ReplyRequest,
  admitted: AdmittedReply,
  start: () => ReturnType<typeof startReply>,
): Promise<Response> {
  const { generation, userMessage } = await start().catch((error: unknown) => {
    admitted.cancel();
    throw error;
  });
  // The new version of an edited message, with the versions it sits among.
  const [shown] = userMessage ? await withTree(conversation.id, [userMessage]) : [];
  return replyResponse({
    generation,
    stream: wantsEventStream(request, { stream }),
    start: { session_id: conversation.id, ...(shown ? { user_message: toApiMessage(shown) } : {}) },
  });
}

/**
 * A new version of a reply (`messageId`, else the last of the active branch), next to the old
 * ones, which stay; it becomes the end of the active branch.
 */
export async function regenerate(reply: ReplyRequest & { messageId?: string }): Promise<Response> {
  const { user, conversation } = reply;
  await assertNoReplyBeingWritten(conversation);
  const { answered, turns } = await regeneratePoint(conversation, reply.messageId);
  const admitted = await admitFor(user, conversation, await getMessageFiles({ messageId: answered }));
  return answer(reply, admitted, () => startReply({ admitted, conversation, turns }));
}

/**
 * A new version of the user's message (`messageId`, else the last of the active branch) with new
 * text, and with new files when given (else the ones it had), answered anew; the old version and
 * what followed it stay on their branch.
 */
export async function editAndAnswer(
  reply: ReplyRequest & { messageId?: string; text: string; attachments?: string[] },
): Promise<Response> {
  const { user, conversation } = reply;
  await assertNoReplyBeingWritten(conversation);
  const { edited, turns } = await editPoint(conversation, reply.messageId);
  const files =
    reply.attachments === undefined
      ? await getMessageFiles({ messageId: edited.id })
      : await requireOwnAttachments(user.id, reply.attachments);
  const admitted = await admitFor(user, conversation, files);
  return answer(reply, admitted, () =>
    startReply({ admitted, conversation, turns, userText: reply.text, userFiles: files }),
  );
}
