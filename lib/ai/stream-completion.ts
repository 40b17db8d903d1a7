import "server-only";
import { createParser } from "eventsource-parser";
import type OpenAI from "openai";
import { APIError } from "openai";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { orAfter } from "@/lib/async/or-after";
import { env } from "@/lib/env";
import { ThinkTagSplitter } from "./think-tags";

export type ChatPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };
export type ChatTurn = { role: "system" | "user" | "assistant"; content: string | ChatPart[] };

export type ModelFailure = "timeout" | "upstream" | "stopped" | "limit";

/** What the server reported a call used, or an estimate from the text's length when it did not. */
export type Usage = { promptTokens: number; completionTokens: number; estimated: boolean };

export type Completion = {
  text: string;
  reasoning: string;
  /** The model the server says answered (LM Studio answers with whichever model is loaded). */
  model: string | null;
  /** "stop", "length" (the model's token limit), …; null when the server named none. */
  finishReason: string | null;
  usage: Usage;
};

/** The model failed part-way; `partial` holds whatever it had written. */
export class ModelError extends Error {
  constructor(
    readonly failure: ModelFailure,
    message: string,
    readonly partial: Partial<Completion> = {},
  ) {
    super(message);
    this.name = "ModelError";
  }
}

const MAX_REPORTED_ERROR_CHARS = 300;
// A server closes its stream right after [DONE], as a rule: the close is read, for this long at
// most, rather than the stream cancelled at once. Cancelling aborts the request: an AbortError with
// its stack trace, and every abort listener, on every reply (0.03 ms a request in a bare fetch loop,
// 0.13 ms of 6.6 a reply in the server's profile, listeners included).
const CLOSE_AFTER_DONE_MS = 100;
// An event is a few hundred bytes; a server that sends a line without end is not left to fill memory.
const MAX_EVENT_CHARS = 1_000_000;

function bounded(text: string): string {
  return text.length > MAX_REPORTED_ERROR_CHARS ? `${text.slice(0, MAX_REPORTED_ERROR_CHARS)}…` : text;
}

/** The message of an error object, as OpenAI and compatible servers send it, within bounds. */
function errorMessageOf(payload: unknown): string | null {
  const error = (payload as { error?: unknown } | null)?.error;
  const message = typeof error === "string" ? error : (error as { message?: unknown } | undefined)?.message;
  return typeof message === "string" && message.trim() ? bounded(message.trim()) : null;
}

/** An HTTP error from the model server, with the server's own reason when it gave one. */
function describeFailure(error: unknown): string {
  if (error instanceof APIError && error.status) {
    const reason = errorMessageOf(error.error ? { error: error.error } : null);
    return `The model server answered ${error.status}${reason ? `: ${reason}` : "."}`;
  }
  return "Could not reach the model server.";
}

// Servers that refused `stream_options` (older vLLM and llama.cpp builds answer 400): asked
// without it from then on, and their usage estimated.
const refusesUsageOption = new Set<string>();

/** About four characters a token: what usage is estimated as when the server reports none. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

function contentChars(messages: ChatTurn[]): number {
  return messages.reduce(
    (sum, message) =>
      sum +
      (typeof message.content === "string"
        ? message.content.length
        : message.content.reduce(
            (parts, part) => parts + (part.type === "text" ? part.text.length : 1_000),
            0,
          )),
    0,
  );
}

export type CompletionRequest = {
  client: OpenAI;
  /** Where the client points: requests that refused an option are remembered by it. */
  serverKey: string;
  model: string;
  messages: ChatTurn[];
  temperature?: number;
  maxTokens?: number;
  /** The reply stops here, keeping what it has: characters of answer and reasoning together. */
  maxChars?: number;
  /** And after this long. */
  maxMs?: number;
  onDelta?: (text: string) => void;
  onReasoning?: (text: string) => void;
  signal?: AbortSignal;
};

/**
 * Streams a completion, calling onDelta for each piece of the answer and onReasoning for each piece
 * of the model's reasoning (sent as `reasoning_content`, `reasoning`, or inside <think> tags). The
 * request times out when the model sends nothing for MODEL_TIMEOUT_MS, however long the whole
 * reply takes; it stops at `maxChars` or `maxMs` with what it has (a "limit" failure).
 */
export async function streamCompletion(request: CompletionRequest): Promise<Completion> {
  const { client, serverKey, model, messages, signal } = request;
  const controller = new AbortController();
  const idleMs = env().MODEL_TIMEOUT_MS;
  let stoppedBy: "idle" | "chars" | "time" | null = null;
  const stop = (reason: "idle" | "chars" | "time") => {
    stoppedBy ??= reason;
    controller.abort();
  };
  const idleTimer = setTimeout(() => stop("idle"), idleMs);
  const deadline = request.maxMs ? setTimeout(() => stop("time"), request.maxMs) : undefined;
  const abortFromCaller = () => controller.abort();
  signal?.addEventListener("abort", abortFromCaller, { once: true });

  let text = "";
  let reasoning = "";
  let answeredModel: string | null = null;
  let finishReason: string | null = null;
  let reported: { prompt_tokens?: number; completion_tokens?: number } | null = null;
  let ended = false;
  const maxChars = request.maxChars ?? Number.POSITIVE_INFINITY;
  const splitter = new ThinkTagSplitter();

  const addReasoning = (piece: string) => {
    if (!piece || stoppedBy) return;
    const room = maxChars - text.length - reasoning.length;
    const kept = piece.slice(0, Math.max(0, room));
    reasoning += kept;
    if (kept) request.onReasoning?.(kept);
    if (kept.length < piece.length) stop("chars");
  };
  const addAnswer = (piece: string) => {
    if (!piece || stoppedBy) return;
    const room = maxChars - text.length - reasoning.length;
    const kept = piece.slice(0, Math.max(0, room));
    text += kept;
    if (kept) request.onDelta?.(kept);
    if (kept.length < piece.length) stop("chars");
  };
  const addContent = (piece: string) => {
    const split = splitter.push(piece);
    addReasoning(split.reasoning);
    addAnswer(split.answer);
  };

  // The SDK makes the request; the events are read here rather than through its Stream, whose
  // layers of async generators cost more per token than anything else on the way to the browser.
  const parser = createParser({
    maxBufferSize: MAX_EVENT_CHARS,
    onError(error) {
      if (error.type === "max-buffer-size-exceeded") {
        throw new ModelError("upstream", "The model server sent an event larger than 1 MB.");
      }
    },
    onEvent({ event, data }) {
      if (ended) return;
      if (data === "[DONE]") {
        ended = true;
        return;
      }
      const chunk = JSON.parse(data) as ChatCompletionChunk & { error?: unknown };
      if (event === "error" || chunk.error) {
        const reason = errorMessageOf(chunk) ?? "no reason given.";
        throw new ModelError("upstream", `The model server reported an error: ${reason}`);
      }
      idleTimer.refresh();
      if (typeof chunk.model === "string" && chunk.model) answeredModel = chunk.model;
      if (chunk.usage) reported = chunk.usage;
      const choice = chunk.choices?.[0];
      const delta = choice?.delta as
        | (ChatCompletionChunk.Choice.Delta & { reasoning_content?: unknown; reasoning?: unknown })
        | undefined;
      const thought = delta?.reasoning_content ?? delta?.reasoning;
      if (typeof thought === "string") addReasoning(thought);
      if (typeof delta?.content === "string") addContent(delta.content);
      if (choice?.finish_reason) finishReason = choice.finish_reason;
    },
  });

  const send = (withUsage: boolean) =>
    client.chat.completions
      .create(
        {
          model,
          messages: messages as OpenAI.Chat.ChatCompletionMessageParam[],
          stream: true,
          ...(withUsage ? { stream_options: { include_usage: true } } : {}),
          ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
          ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
        },
        { signal: controller.signal, timeout: 24 * 60 * 60 * 1000 },
      )
      .asResponse();

  let completeBody = false;
  try {
    let response: Response;
    // Whether this call asked for usage: another call to the same server may learn meanwhile that
    // it refuses the option, and this one must still be asked again without it.
    const askedForUsage = !refusesUsageOption.has(serverKey);
    try {
      response = await send(askedForUsage);
    } catch (error) {
      if (!(error instanceof APIError && error.status === 400) || !askedForUsage) throw error;
      refusesUsageOption.add(serverKey);
      response = await send(false);
    }
    if (!response.body) throw new Error("The model server sent no body.");
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    try {
      while (!ended) {
        const { done, value } = await reader.read();
        if (done) {
          completeBody = true;
          break;
        }
        parser.feed(decoder.decode(value, { stream: true }));
      }
      if (!completeBody) completeBody = await endsWithin(reader, CLOSE_AFTER_DONE_MS);
    } finally {
      if (!completeBody) reader.cancel().catch(() => {});
    }
    const rest = splitter.end();
    addReasoning(rest.reasoning);
    addAnswer(rest.answer);
  } catch (error) {
    if (error instanceof ModelError) throw withPartial(error, { text, reasoning });
    if (!stoppedBy && !signal?.aborted) {
      const received = text.length > 0 || reasoning.length > 0;
      const reason = received ? "The model's reply was cut off." : describeFailure(error);
      throw new ModelError("upstream", reason, { text, reasoning });
    }
  } finally {
    clearTimeout(idleTimer);
    clearTimeout(deadline);
    signal?.removeEventListener("abort", abortFromCaller);
  }

  const usage: Usage =
    reported && typeof (reported as { prompt_tokens?: unknown }).prompt_tokens === "number"
      ? {
          promptTokens: (reported as { prompt_tokens: number }).prompt_tokens,
          completionTokens: Number((reported as { completion_tokens?: number }).completion_tokens ?? 0),
          estimated: false,
        }
      : {
          promptTokens: estimateTokens(contentChars(messages)),
          completionTokens: estimateTokens(text.length + reasoning.length),
          estimated: true,
        };
  const completion: Completion = { text, reasoning, model: answeredModel, finishReason, usage };
  // An aborted stream may end quietly rather than throw, so the reason is checked here too.
  if (stoppedBy === "chars") {
    throw new ModelError(
      "limit",
      `The reply reached the limit of ${maxChars.toLocaleString("en")} characters.`,
      {
        ...completion,
        finishReason: "length",
      },
    );
  }
  if (stoppedBy === "time") {
    throw new ModelError(
      "limit",
      `The reply took longer than ${Math.round((request.maxMs ?? 0) / 1000)} s, the most allowed.`,
      completion,
    );
  }
  if (stoppedBy === "idle")
    throw new ModelError("timeout", `The model sent nothing for ${idleMs / 1000} s.`, completion);
  if (signal?.aborted) throw new ModelError("stopped", "Stopped.", completion);
  // A stream that ends cleanly is whole even without [DONE] or a finish reason; a connection that
  // breaks before then was cut.
  if (!ended && !completeBody) throw new ModelError("upstream", "The model's reply was cut off.", completion);
  return completion;
}

/** Whether the stream ends within `ms`; what comes before its end (after [DONE]) is dropped. */
function endsWithin(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number): Promise<boolean> {
  const readToEnd = async () => {
    while (!(await reader.read()).done) {}
    return true;
  };
  return orAfter(readToEnd(), ms, false);
}

function withPartial(error: ModelError, partial: Partial<Completion>): ModelError {
  return new ModelError(error.failure, error.message, { ...partial, ...error.partial });
}
