import { requireUser } from "@/lib/auth/current-user";
import { exportEnvelope, exportedConversation } from "@/lib/chat/export-format";
import { iterateConversations } from "@/lib/db/conversations";
import { getMessagesByConversationId } from "@/lib/db/messages";
import { errorResponse } from "@/lib/http/error-response";

/** All of the caller's conversations as one JSON file, streamed a conversation at a time. */
export async function GET() {
  try {
    const user = await requireUser();
    const encoder = new TextEncoder();
    const [head, tail] = JSON.stringify(exportEnvelope(["\u0000"])).split('"\\u0000"') as [string, string];
    const conversations = iterateConversations({ userId: user.id });
    let first = true;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(head));
      },
      async pull(controller) {
        const next = await conversations.next();
        if (next.done) {
          controller.enqueue(encoder.encode(tail));
          controller.close();
          return;
        }
        const messages = await getMessagesByConversationId({ conversationId: next.value.id });
        const json = JSON.stringify(exportedConversation(next.value, messages));
        controller.enqueue(encoder.encode(first ? json : `,${json}`));
        first = false;
      },
    });
    const date = new Date().toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="conversations-${date}.json"`,
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
