import "server-only";
import type { ConversationRecord } from "@/lib/db/conversations";
import { getOwnFileContents } from "@/lib/db/files";
import { getMessagesByConversationId } from "@/lib/db/messages";
import { toApiConversation } from "./api-conversation";
import { toApiMessage } from "./api-message";
import { exportEnvelope } from "./export-format";

/**
 * An export file, written a message at a time: each attachment carries its bytes (base64), read
 * when its message is written, so that neither the file nor a conversation's files are ever held
 * in memory whole.
 */
export async function* exportJson({
  userId,
  conversations,
}: {
  userId: string;
  conversations: AsyncIterable<ConversationRecord>;
}): AsyncGenerator<string> {
  const [head, tail] = JSON.stringify(exportEnvelope(["\u0000"])).split('"\\u0000"') as [string, string];
  yield head;
  let first = true;
  for await (const conversation of conversations) {
    if (!first) yield ",";
    first = false;
    yield* conversationJson(userId, conversation);
  }
  yield tail;
}

async function* conversationJson(userId: string, conversation: ConversationRecord): AsyncGenerator<string> {
  // The whole tree: every branch, each message naming its parent, and the end of the active one.
  const shell = JSON.stringify({
    ...toApiConversation(conversation),
    active_leaf_id: conversation.activeLeafId,
    messages: [],
  });
  yield shell.slice(0, -"]}".length);
  const messages = await getMessagesByConversationId({ conversationId: conversation.id });
  for (const [index, record] of messages.entries()) {
    const { sibling_ids: _siblings, ...message } = toApiMessage(record);
    const contents = await getOwnFileContents({ ids: message.attachments.map((file) => file.id), userId });
    const attachments = message.attachments.map((file) => ({
      ...file,
      data: Buffer.from(contents.get(file.id) ?? []).toString("base64"),
    }));
    yield `${index ? "," : ""}${JSON.stringify({ ...message, attachments })}`;
  }
  yield "]}";
}

/** A download made of text chunks, each written when the client is ready for more. */
export function textDownload(chunks: AsyncGenerator<string>, headers: Record<string, string>): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, { headers });
}
