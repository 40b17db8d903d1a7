import "server-only";
import { getMessageById, type MessageRecord } from "@/lib/db/messages";
import { toApiMessage } from "./api-message";
import { settleAbandonedReplies } from "./conversation-access";
import type { Generation, GenerationEvent } from "./generation";

// no-transform keeps compression (Next's, or a proxy's) from buffering the stream.
const HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store, no-transform",
  "x-accel-buffering": "no",
};

const encoder = new TextEncoder();

function encode(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function donePayload(message: MessageRecord, summary: string | null) {
  return { message: toApiMessage(message), summary };
}

export function wantsEventStream(request: Request, body: { stream?: boolean }): boolean {
  return body.stream === true || (request.headers.get("accept") ?? "").includes("text/event-stream");
}

/**
 * Streams a generation as server-sent events: `start`, then `reasoning` (a reasoning model's
 * thinking) and `delta`s of the answer (a resumed stream first gets each so far as one event), then
 * `done` with the stored message. A client that goes
 * away only unsubscribes: the generation goes on and is stored.
 */
export function generationEventStream(generation: Generation, start: Record<string, unknown>): Response {
  let unsubscribe = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encode("start", { ...start, message_id: generation.messageId }));
      if (generation.reasoning) controller.enqueue(encode("reasoning", { text: generation.reasoning }));
      if (generation.text) controller.enqueue(encode("delta", { text: generation.text }));
      if (generation.result) {
        controller.enqueue(encode("done", donePayload(generation.result.message, generation.result.summary)));
        controller.close();
        return;
      }
      unsubscribe = generation.subscribe((event: GenerationEvent) => {
        try {
          if (event.type === "delta" || event.type === "reasoning") {
            controller.enqueue(encode(event.type, { text: event.text }));
          } else {
            controller.enqueue(encode("done", donePayload(event.message, event.summary)));
            controller.close();
          }
        } catch {
          unsubscribe();
        }
      });
    },
    cancel() {
      unsubscribe();
    },
  });
  return new Response(body, { headers: HEADERS });
}

const POLL_MS = 500;

/** Follows a reply that another instance is generating, through its database checkpoints. */
export function checkpointEventStream(message: MessageRecord, start: Record<string, unknown>): Response {
  let timer: NodeJS.Timeout | undefined;
  let sent = 0;
  let sentReasoning = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encode("start", { ...start, message_id: message.id }));
      const poll = async () => {
        try {
          await settleAbandonedReplies(message.conversationId);
          const current = await getMessageById({ id: message.id });
          if (!current) return controller.close();
          const reasoning = current.reasoning ?? "";
          if (reasoning.length > sentReasoning) {
            controller.enqueue(encode("reasoning", { text: reasoning.slice(sentReasoning) }));
            sentReasoning = reasoning.length;
          }
          if (current.content.length > sent) {
            controller.enqueue(encode("delta", { text: current.content.slice(sent) }));
            sent = current.content.length;
          }
          if (current.status !== "streaming") {
            controller.enqueue(encode("done", donePayload(current, null)));
            return controller.close();
          }
          timer = setTimeout(poll, POLL_MS);
        } catch {
          controller.close();
        }
      };
      void poll();
    },
    cancel() {
      clearTimeout(timer);
    },
  });
  return new Response(body, { headers: HEADERS });
}
