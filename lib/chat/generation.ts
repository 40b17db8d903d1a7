import "server-only";
import type { ModelFailure } from "@/lib/ai/stream-completion";
import type { MessageRecord } from "@/lib/db/messages";

export type GenerationEvent =
  | { type: "delta"; text: string }
  | { type: "reasoning"; text: string }
  | { type: "done"; message: MessageRecord; summary: string | null; failure?: ModelFailure };

/**
 * A reply being generated in this process. It lives apart from any HTTP response: a browser that
 * disconnects only unsubscribes, and another request of the owner can subscribe again (resume).
 */
export class Generation {
  text = "";
  reasoning = "";
  result: Extract<GenerationEvent, { type: "done" }> | undefined;
  readonly done: Promise<Extract<GenerationEvent, { type: "done" }>>;
  private readonly listeners = new Set<(event: GenerationEvent) => void>();
  private resolveDone!: (event: Extract<GenerationEvent, { type: "done" }>) => void;

  constructor(
    readonly messageId: string,
    readonly conversationId: string,
    readonly controller = new AbortController(),
  ) {
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  subscribe(listener: (event: GenerationEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: GenerationEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  append(text: string): void {
    this.text += text;
    this.emit({ type: "delta", text });
  }

  appendReasoning(text: string): void {
    this.reasoning += text;
    this.emit({ type: "reasoning", text });
  }

  finish(message: MessageRecord, summary: string | null, failure?: ModelFailure): void {
    this.result = { type: "done", message, summary, failure };
    this.emit(this.result);
    this.listeners.clear();
    this.resolveDone(this.result);
  }
}

const globalForGenerations = globalThis as unknown as { generations?: Map<string, Generation> };
globalForGenerations.generations ??= new Map();
const generations = globalForGenerations.generations;

export function registerGeneration(generation: Generation): void {
  generations.set(generation.messageId, generation);
  generation.done.then(() => generations.delete(generation.messageId));
}

export function getLocalGeneration({ conversationId }: { conversationId: string }): Generation | undefined {
  let latest: Generation | undefined;
  for (const generation of generations.values()) {
    if (
      generation.conversationId === conversationId &&
      (!latest || generation.messageId > latest.messageId)
    ) {
      latest = generation;
    }
  }
  return latest;
}

export function getLocalGenerationById(messageId: string): Generation | undefined {
  return generations.get(messageId);
}

export function localGenerationIds(): string[] {
  return [...generations.keys()];
}

export function localGenerations(): Generation[] {
  return [...generations.values()];
}
