import type { ConversationRecord } from "@/lib/db/conversations";
import type { SearchHit } from "@/lib/db/search";
import { splitHighlights } from "./query";

/** A search result as the API gives it; the client's type is derived from this mapper. */
export type ApiSearchHit = ReturnType<typeof toApiSearchHit>;

export function toApiSearchHit(hit: SearchHit, conversation: ConversationRecord) {
  const { text, highlights } = splitHighlights(hit.snippet ?? "");
  return {
    session_id: conversation.id,
    title: conversation.title,
    summary: conversation.summary,
    snippet: text,
    /** The [start, end) character ranges of the matches in `snippet`. */
    highlights,
    message_id: hit.messageId,
    /** Search finds archived conversations too, flagged so. */
    archived: Boolean(conversation.archived),
  };
}
