import "server-only";
import { log } from "@/lib/log/logger.mjs";
import type { ModelTarget } from "./client";
import { streamCompletion, type Usage } from "./stream-completion";

const MAX_SUMMARY_CHARS = 120;

export const SUMMARY_PROMPT =
  "You write the summary line for a chat history. Reply with only the 3 to 8 most important keywords of the user's message, separated by spaces, in the message's language. No sentence, no punctuation, no quotes.";

/** Makes whatever the model wrote fit on one line of the sidebar. */
export function cleanSummary(raw: string): string | null {
  const oneLine = raw
    .replace(/[\r\n]+/g, " ")
    .replace(/^["'`*\s]+|["'`*\s.]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!oneLine) return null;
  return oneLine.length > MAX_SUMMARY_CHARS
    ? `${oneLine.slice(0, MAX_SUMMARY_CHARS - 1).trimEnd()}…`
    : oneLine;
}

/**
 * What a conversation is called when the model cannot summarise it: its first message's first
 * words, on one line.
 */
export function summaryFromWords(message: string): string {
  const words = message.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu) ?? [];
  return cleanSummary(words.slice(0, 8).join(" ")) ?? "Untitled";
}

/**
 * A one-line keyword summary of a first message, or null when the model could not give one; with
 * what the call used, when it got that far.
 */
export async function generateSummary({
  message,
  target,
}: {
  message: string;
  target: ModelTarget;
}): Promise<{ summary: string | null; usage: Usage | null }> {
  try {
    const completion = await streamCompletion({
      ...target,
      maxTokens: 32,
      maxChars: 2_000,
      maxMs: 60_000,
      messages: [
        { role: "system", content: SUMMARY_PROMPT },
        { role: "user", content: message.slice(0, 4000) },
      ],
    });
    return { summary: cleanSummary(completion.text), usage: completion.usage };
  } catch (error) {
    log.warn({ error: (error as Error).message }, "summary generation failed");
    return { summary: null, usage: null };
  }
}
