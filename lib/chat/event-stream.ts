import "server-only";
import { getMessageById, type MessageRecord } from "@/lib/db/messages";
import { toApiMessage } from "./api-message";
import { settleAbandonedReplies } from "./conversation-access";
import type { Generation, GenerationEvent } from "./generation";
import { askAgain, followRemoteReply } from "./live-relay";

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

type Piece = "delta" | "reasoning";

/**
 * The pieces of a reply that arrive in one turn of the event loop (a fast model's tokens, read
 * from one packet of its stream) go out as one event per kind, in their order, once that turn is
 * over: one write to the socket rather than one for each token. Pieces that arrive apart still go
 * out one by one, as soon as they come.
 */
function coalescing(send: (type: Piece, text: string) => void) {
  const pending: { type: Piece; text: string }[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  const flush = () => {
    clearImmediate(scheduled);
    scheduled = undefined;
    for (const piece of pending.splice(0)) send(piece.type, piece.text);
  };
  return {
    add(type: Piece, text: string) {
      const last = pending.at(-1);
      if (last?.type === type) last.text += text;
      else pending.push({ type, text });
      scheduled ??= setImmediate(() => {
        try {
          flush();
        } catch {
          // The reader has gone (the stream was cancelled): nothing to send to.
        }
      });
    },
    flush,
    drop() {
      clearImmediate(scheduled);
      scheduled = undefined;
      pending.length = 0;
    },
  };
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
      const pieces = coalescing((type, text) => controller.enqueue(encode(type, { text })));
      const stopListening = generation.subscribe((event: GenerationEvent) => {
        try {
          if (event.type === "delta" || event.type === "reasoning") {
            pieces.add(event.type, event.text);
          } else {
            pieces.flush();
            controller.enqueue(encode("done", donePayload(event.message, event.summary)));
            controller.close();
          }
        } catch {
          unsubscribe();
        }
      });
      unsubscribe = () => {
        pieces.drop();
        stopListening();
      };
    },
    cancel() {
      unsubscribe();
    },
  });
  return new Response(body, { headers: HEADERS });
}

// How often the database is read for a reply written elsewhere: its end, or its writer's death.
const POLL_MS = 500;
// Once the reply is heard live, the database only tells of its end, or of a writer that died.
const LIVE_POLL_MS = 1_000;
// A reply stopped through another instance is ended by its writer: its last words are waited for.
const LAST_WORDS_MS = 2_000;

/**
 * Follows a reply that another instance is writing: live, piece by piece, through Postgres's
 * notifications where there are any (lib/chat/live-relay.ts), and through its database checkpoints
 * in any case, which also tell when its writer died.
 */
export function remoteReplyEventStream(message: MessageRecord, start: Record<string, unknown>): Response {
  let timer: NodeJS.Timeout | undefined;
  let stopFollowing: (() => void) | null = null;
  let closed = false;
  let heardLive = false;
  let lastAsked = 0;
  let ending: NodeJS.Timeout | undefined;
  const sent = { t: 0, r: 0 };
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encode("start", { ...start, message_id: message.id }));
      const close = () => {
        if (closed) return;
        closed = true;
        clearTimeout(timer);
        clearTimeout(ending);
        stopFollowing?.();
        controller.close();
      };
      /** Passes on what of `text` (which starts at offset `at`) the reader does not have yet. */
      const pass = (kind: "t" | "r", at: number, text: string) => {
        if (closed) return;
        if (at > sent[kind]) {
          // A piece was missed: everything is asked for again, at most once a second.
          if (Date.now() - lastAsked > 1_000) {
            lastAsked = Date.now();
            void askAgain(message.id);
          }
          return;
        }
        const fresh = text.slice(sent[kind] - at);
        if (!fresh) return;
        controller.enqueue(encode(kind === "t" ? "delta" : "reasoning", { text: fresh }));
        sent[kind] += fresh.length;
      };
      const finish = async () => {
        const current = await getMessageById({ id: message.id }).catch(() => null);
        if (closed) return;
        if (current) {
          pass("r", 0, current.reasoning ?? "");
          pass("t", 0, current.content);
          controller.enqueue(encode("done", donePayload(current, null)));
        }
        close();
      };
      const poll = async () => {
        try {
          await settleAbandonedReplies(message.conversationId);
          const current = await getMessageById({ id: message.id });
          if (closed) return;
          if (!current) return close();
          pass("r", 0, current.reasoning ?? "");
          pass("t", 0, current.content);
          if (current.status !== "streaming") {
            // Stopped elsewhere while its writer still has words to store: they come live.
            if (heardLive && current.status === "stopped" && !ending) {
              ending = setTimeout(() => void finish(), LAST_WORDS_MS);
              return;
            }
            if (!ending) await finish();
            return;
          }
          timer = setTimeout(poll, heardLive ? LIVE_POLL_MS : POLL_MS);
        } catch {
          close();
        }
      };
      try {
        stopFollowing = await followRemoteReply(message.id, (event) => {
          heardLive = true;
          if ("done" in event) {
            clearTimeout(ending);
            void finish();
          } else pass(event.k, event.at, event.s);
        });
      } catch {
        // Without notifications the checkpoints still carry the reply, once a second.
      }
      if (closed) stopFollowing?.();
      else void poll();
    },
    cancel() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(ending);
      stopFollowing?.();
    },
  });
  return new Response(body, { headers: HEADERS });
}
