import type { ChatTurn } from "@/lib/ai/stream-completion";
import type { Turn } from "@/lib/db/messages";

/**
 * What the model is shown: what the user saw, leaving out replies that failed or are unfinished;
 * of a long conversation, its newest messages up to `maxChars` characters (the newest one always),
 * starting with one of the user's, as chat templates expect.
 */
export function toModelTurns(messages: Turn[], maxChars = Number.POSITIVE_INFINITY): ChatTurn[] {
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
  return shown.slice(first).map((message) => ({ role: message.role, content: message.content }));
}
