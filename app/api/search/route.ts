import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { getConversationsByIds } from "@/lib/db/conversations";
import { searchConversations } from "@/lib/db/search";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { toApiSearchHit } from "@/lib/search/api-search-hit";
import { searchTerms } from "@/lib/search/query";

const searchQuerySchema = z.object({
  q: z.string({ error: "q is required" }).max(500, "q is at most 500 characters"),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/**
 * The caller's conversations whose title, summary or messages contain every word of `q` (as word
 * prefixes), best first: `{ session_id, title, summary, snippet, highlights, message_id }`, where
 * `highlights` are the [start, end) character ranges of the matches in `snippet`.
 */
export async function GET(request: Request) {
  try {
    const query = searchQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success)
      throw new AppError("bad_request:query", query.error.issues[0]?.message ?? "Invalid query.");
    const terms = searchTerms(query.data.q);
    if (terms.length === 0) throw new AppError("bad_request:query", "q must contain at least one word.");
    const user = await requireUser();
    const hits = await searchConversations({ userId: user.id, terms, limit: query.data.limit });
    const conversations = await getConversationsByIds({
      ids: hits.map((hit) => hit.conversationId),
      userId: user.id,
    });
    const byId = new Map(conversations.map((conversation) => [conversation.id, conversation]));
    return Response.json(
      hits.flatMap((hit) => {
        const conversation = byId.get(hit.conversationId);
        return conversation ? [toApiSearchHit(hit, conversation)] : [];
      }),
    );
  } catch (error) {
    return errorResponse(error);
  }
}
