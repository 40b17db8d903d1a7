import type { ChatTurn } from "@/lib/ai/stream-completion";
import type { Turn } from "@/lib/db/messages";

/** What the model is shown: everything the user saw, leaving out replies that failed or are unfinished. */
export function toModelTurns(messages: Turn[]): ChatTurn[] {
  return messages
    .filter(
      (message) => message.status !== "error" && message.status !== "streaming" && message.content.length > 0,
    )
    .map((message) => ({ role: message.role, content: message.content }));
}
