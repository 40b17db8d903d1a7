import "server-only";
import { z } from "zod";
import { listen, notificationsAvailable, notify } from "@/lib/db/notifications";
import { log } from "@/lib/log/logger.mjs";
import { type Generation, getLocalGeneration, getLocalGenerationById } from "./generation";

/**
 * Live replies across instances, on Postgres's LISTEN/NOTIFY. A reader resuming a reply that
 * another instance is writing asks for it on `chat_control`; the writing instance then sends the
 * text so far and each new piece on `chat_reply`, until the reply is stored. Nothing is sent for a
 * reply nobody follows from elsewhere. Stop through any instance reaches the writer the same way.
 */

const CONTROL = "chat_control";
const REPLY = "chat_reply";

// Characters per notification: JSON of the worst text (escaped control characters, 6 bytes each)
// stays under Postgres's 8000-byte payload limit.
const PIECE_CHARS = 1_000;
// A follow request may go unheard (the writer's listener was reconnecting): it is asked again.
const ASK_AGAIN_MS = 1_000;

const controlSchema = z.union([
  z.object({ follow: z.string().max(100) }),
  z.object({ stop: z.string().max(100) }),
]);

const replySchema = z.union([
  z.object({ m: z.string().max(100), k: z.enum(["t", "r"]), at: z.number().int().min(0), s: z.string() }),
  z.object({ m: z.string().max(100), done: z.literal(true) }),
]);
export type RelayEvent = z.infer<typeof replySchema>;

function parse<T>(schema: z.ZodType<T>, payload: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Where a piece may end without splitting a surrogate pair. */
function pieceEnd(text: string, from: number): number {
  const end = Math.min(text.length, from + PIECE_CHARS);
  const last = text.charCodeAt(end - 1);
  return end < text.length && last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
}

/** Sends one generation's text to the instances following it, one notification at a time, in order. */
class Relay {
  private textSent = 0;
  private reasoningSent = 0;
  private sending = false;
  private finished = false;

  constructor(private readonly generation: Generation) {
    generation.subscribe((event) => {
      if (event.type === "done") this.finished = true;
      void this.send();
    });
  }

  /** A new follower has nothing yet: everything is sent again from the start. */
  resend(): void {
    this.textSent = 0;
    this.reasoningSent = 0;
    void this.send();
  }

  private next(): RelayEvent | null {
    const { messageId: m, reasoning, text } = this.generation;
    if (this.reasoningSent < reasoning.length) {
      const at = this.reasoningSent;
      this.reasoningSent = pieceEnd(reasoning, at);
      return { m, k: "r", at, s: reasoning.slice(at, this.reasoningSent) };
    }
    if (this.textSent < text.length) {
      const at = this.textSent;
      this.textSent = pieceEnd(text, at);
      return { m, k: "t", at, s: text.slice(at, this.textSent) };
    }
    return null;
  }

  private async send(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      for (let event = this.next(); event; event = this.next()) {
        await notify(REPLY, JSON.stringify(event));
      }
      if (this.finished) await notify(REPLY, JSON.stringify({ m: this.generation.messageId, done: true }));
    } catch (error) {
      log.warn({ error: (error as Error).message }, "relaying a reply failed");
    } finally {
      this.sending = false;
    }
    // Pieces that came while the last was being sent.
    if (
      !this.finished &&
      (this.textSent < this.generation.text.length || this.reasoningSent < this.generation.reasoning.length)
    ) {
      void this.send();
    }
  }
}

const RELAYS = Symbol.for("chat.relays");
const state = globalThis as unknown as {
  [RELAYS]?: { relays: WeakMap<Generation, Relay>; serving: Promise<unknown> | null };
};

function relays() {
  state[RELAYS] ??= { relays: new WeakMap(), serving: null };
  return state[RELAYS];
}

function onControl(payload: string): void {
  const message = parse(controlSchema, payload);
  if (!message) return;
  if ("stop" in message) {
    getLocalGeneration({ conversationId: message.stop })?.controller.abort();
    return;
  }
  const generation = getLocalGenerationById(message.follow);
  if (!generation || generation.result) return;
  const known = relays().relays;
  let relay = known.get(generation);
  if (!relay) {
    relay = new Relay(generation);
    known.set(generation, relay);
  }
  relay.resend();
}

/**
 * Makes this instance answer other instances' follow and stop requests (Postgres only). Called at
 * start, so that a reply written here can be followed from elsewhere at once.
 */
export function serveRelays(): Promise<unknown> {
  if (!notificationsAvailable()) return Promise.resolve();
  const known = relays();
  known.serving ??= listen(CONTROL, onControl).catch((error: Error) => {
    known.serving = null;
    log.warn({ error: error.message }, "serving live replies failed");
  });
  return known.serving;
}

/** Asks whichever instance writes the conversation's reply to stop it now. */
export async function announceStop(conversationId: string): Promise<void> {
  if (!notificationsAvailable()) return;
  await notify(CONTROL, JSON.stringify({ stop: conversationId })).catch((error: Error) =>
    log.warn({ error: error.message }, "announcing a stop failed"),
  );
}

/**
 * Follows a reply another instance is writing: `onEvent` gets its pieces (each with its offset, so
 * that repeats and gaps show) and its end. Null where there are no notifications (SQLite).
 */
export async function followRemoteReply(
  messageId: string,
  onEvent: (event: RelayEvent) => void,
): Promise<(() => void) | null> {
  if (!notificationsAvailable()) return null;
  let heard = false;
  const ask = () => askAgain(messageId);
  const unlisten = await listen(
    REPLY,
    (payload) => {
      const event = parse(replySchema, payload);
      if (event?.m !== messageId) return;
      heard = true;
      onEvent(event);
    },
    // Pieces sent while the connection was down are gone: everything is asked for again.
    { onReconnect: () => void ask() },
  );
  await ask();
  const timer = setInterval(() => {
    if (!heard) void ask();
  }, ASK_AGAIN_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    unlisten();
  };
}

/** Asks for everything again (a follower that found a gap). */
export function askAgain(messageId: string): Promise<void> {
  return notify(CONTROL, JSON.stringify({ follow: messageId })).catch(() => {});
}
