import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { parseConversationId, requireOwnConversation } from "@/lib/chat/conversation-access";
import { shareConversation, toApiShare } from "@/lib/chat/shares";
import { listShares } from "@/lib/db/shares";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";

type Context = { params: Promise<{ session_id: string }> };

const createShareSchema = z.object(
  {
    expires_in_days: z
      .number({ error: "must be a number of days" })
      .int("must be a whole number of days")
      .min(1, "must be 1 to 365")
      .max(365, "must be 1 to 365")
      .default(30),
    public: z.boolean({ error: "must be true or false" }).default(false),
    // Whether the link shows who shared it.
    show_owner: z.boolean({ error: "must be true or false" }).default(false),
  },
  { error: "must be a JSON object" },
);

/** The conversation's share links, newest first, without their secrets. */
export async function GET(_request: Request, context: Context) {
  try {
    const id = parseConversationId((await context.params).session_id);
    const user = await requireUser();
    const conversation = await requireOwnConversation({ id, userId: user.id });
    return Response.json((await listShares({ conversationId: conversation.id })).map(toApiShare));
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * A share link to the conversation as it is now: 201 `{ id, url, created_at, expires_at, public }`,
 * its secret in `url`, shown this once.
 */
export async function POST(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = parseConversationId((await context.params).session_id);
    const body = await readJsonBody(request, createShareSchema, env().MAX_BODY_BYTES, { emptyAs: {} });
    const user = await requireUser();
    const conversation = await requireOwnConversation({ id, userId: user.id });
    const configured = env().NEXTAUTH_URL;
    const share = await shareConversation({
      conversation,
      user,
      expiresInDays: body.expires_in_days,
      isPublic: body.public,
      showOwner: body.show_owner,
      origin: configured ? new URL(configured).origin : new URL(request.url).origin,
    });
    return Response.json(share, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
