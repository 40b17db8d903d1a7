import type { ChatTurn } from "@/lib/ai/stream-completion";
import type { MessageRecord } from "@/lib/db/messages";

/** What the model is shown: everything the user saw, leaving out replies that failed or are unfinished. */
export function toModelTurns(messages: MessageRecord[]): ChatTurn[] {
  return messages
    .filter(
      (message) => message.status !== "error" && message.status !== "streaming" && message.content.length > 0,
    )
    .map((message) => ({ role: message.role, content: message.content }));
}
