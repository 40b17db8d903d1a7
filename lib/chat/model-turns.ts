import type { Turn } from "@/lib/db/messages";

/** A turn of the conversation as the model is sent it. */
export type TextTurn = { role: "user" | "assistant"; content: string };

/**
 * A message too long for the budget on its own keeps its beginning and its end, where a pasted
 * text's question usually is, with a note of what was left out between them.
 */
export function shortenTo(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const note = `\n\n[… ${text.length - maxChars} characters left out …]\n\n`;
  const keep = Math.max(0, maxChars - note.length);
  const head = Math.ceil(keep / 2);
  return `${text.slice(0, head)}${note}${text.slice(text.length - (keep - head))}`;
}

/**
 * What the model is shown: what the user saw, leaving out replies that failed or are unfinished;
 * of a long conversation, its newest messages up to `maxChars` characters in all (the newest one
 * always, shortened to fit when it alone is longer), starting with one of the user's, as chat
 * templates expect.
 */
export function toModelTurns(messages: Turn[], maxChars = Number.POSITIVE_INFINITY): TextTurn[] {
  const shown = messages.filter(
    (message) => message.status !== "error" && message.status !== "streaming" && message.content.length > 0,
  );
  let first = shown.length;
  let chars = 0;
  while (first > 0) {
    const length = (shown[first - 1] as Turn).content.length;
    if (first < shown.length && chars + length > maxChars) break;
    chars += length;
    first--;
  }
  while (first < shown.length - 1 && shown[first]?.role !== "user") first++;
  const turns: TextTurn[] = shown
    .slice(first)
    .map((message) => ({ role: message.role, content: message.content }));
  const newest = turns.at(-1);
  if (newest && newest.content.length > maxChars) newest.content = shortenTo(newest.content, maxChars);
  return turns;
}
