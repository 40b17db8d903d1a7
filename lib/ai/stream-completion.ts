import "server-only";
import { createParser } from "eventsource-parser";
import { APIError } from "openai";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { env } from "@/lib/env";
import { modelClient } from "./client";

export type ChatTurn = { role: "system" | "user" | "assistant"; content: string };

export type ModelFailure = "timeout" | "upstream" | "stopped";

/** The model failed part-way; `partial` holds whatever it had written. */
export class ModelError extends Error {
  constructor(
    readonly failure: ModelFailure,
    message: string,
    readonly partial: string,
  ) {
    super(message);
    this.name = "ModelError";
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof APIError && error.status) return `The model server answered ${error.status}.`;
  return "Could not reach the model server.";
}

const MAX_REPORTED_ERROR_CHARS = 300;
// An event is a few hundred bytes; a server that sends a line without end is not left to fill memory.
const MAX_EVENT_CHARS = 1_000_000;

/** The message of an error event, as OpenAI and compatible servers send it, within bounds. */
function errorMessageOf(payload: { error?: { message?: unknown } } | null): string {
  const message = payload?.error?.message;
  const text = typeof message === "string" && message.trim() ? message.trim() : "no reason given.";
  return text.length > MAX_REPORTED_ERROR_CHARS ? `${text.slice(0, MAX_REPORTED_ERROR_CHARS)}…` : text;
}

/**
 * Streams a completion, calling onDelta for each piece of text. The request times out when the
 * model sends nothing for MODEL_TIMEOUT_MS, however long the whole reply takes.
 */
export async function streamCompletion({
  messages,
  model = env().OPENAI_MODEL,
  maxTokens,
  onDelta,
  signal,
}: {
  messages: ChatTurn[];
  model?: string;
  maxTokens?: number;
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
}): Promise<string> {
  const controller = new AbortController();
  const idleMs = env().MODEL_TIMEOUT_MS;
  let timedOut = false;
  const timer = setTimeout(onIdle, idleMs);
  function onIdle() {
    timedOut = true;
    controller.abort();
  }
  const abortFromCaller = () => controller.abort();
  signal?.addEventListener("abort", abortFromCaller, { once: true });

  let text = "";
  let finished = false;
  let receivedAny = false;
  let ended = false;
  // The SDK makes the request; the events are read here rather than through its Stream, whose
  // layers of async generators cost more per token than anything else on the way to the browser.
  const parser = createParser({
    maxBufferSize: MAX_EVENT_CHARS,
    onError(error) {
      if (error.type === "max-buffer-size-exceeded") {
        throw new ModelError("upstream", "The model server sent an event larger than 1 MB.", text);
      }
    },
    onEvent({ event, data }) {
      if (ended) return;
      if (data === "[DONE]") {
        ended = true;
        return;
      }
      const chunk = JSON.parse(data) as ChatCompletionChunk & { error?: { message?: unknown } };
      if (event === "error" || chunk.error) {
        throw new ModelError(
          "upstream",
          `The model server reported an error: ${errorMessageOf(chunk)}`,
          text,
        );
      }
      receivedAny = true;
      timer.refresh();
      const choice = chunk.choices?.[0];
      const delta = choice?.delta?.content;
      if (delta) {
        text += delta;
        onDelta?.(delta);
      }
      if (choice?.finish_reason) finished = true;
    },
  });
  try {
    const response = await modelClient()
      .chat.completions.create(
        { model, messages, stream: true, ...(maxTokens ? { max_tokens: maxTokens } : {}) },
        { signal: controller.signal, timeout: 24 * 60 * 60 * 1000 },
      )
      .asResponse();
    if (!response.body) throw new Error("The model server sent no body.");
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    try {
      while (!ended) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  } catch (error) {
    if (error instanceof ModelError) throw error;
    if (!timedOut && !signal?.aborted) {
      const reason = receivedAny ? "The model's reply was cut off." : describeFailure(error);
      throw new ModelError("upstream", reason, text);
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", abortFromCaller);
  }
  // An aborted stream may end quietly rather than throw, so the reason is checked here too.
  if (signal?.aborted) throw new ModelError("stopped", "Stopped.", text);
  if (timedOut) throw new ModelError("timeout", `The model sent nothing for ${idleMs / 1000} s.`, text);
  if (!finished) throw new ModelError("upstream", "The model's reply was cut off.", text);
  return text;
}
