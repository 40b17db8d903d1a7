import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { toApiConversation } from "@/lib/chat/api-conversation";
import { activeBranchPage } from "@/lib/chat/branch-view";
import {
  parseConversationId,
  requireOwnConversation,
  settleAbandonedReplies,
} from "@/lib/chat/conversation-access";
import { conversationPageResponse } from "@/lib/chat/conversation-page";
import { settingsChanges } from "@/lib/chat/conversation-settings";
import { getLocalGeneration } from "@/lib/chat/generation";
import { deleteConversation, updateConversation } from "@/lib/db/conversations";
import { setConversationFolder } from "@/lib/db/folders";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { updateConversationSchema } from "./schema";

type Context = { params: Promise<{ session_id: string }> };

const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid().optional(),
});

/**
 * The conversation and one page of its active branch, newest page first; `next_cursor` pages back.
 */
export async function GET(request: Request, context: Context) {
  try {
    const id = parseConversationId((await context.params).session_id);
    const query = pageQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success)
      throw new AppError("bad_request:query", "limit must be 1 to 200 and cursor a message id.");
    const user = await requireUser();
    const conversation = await requireOwnConversation({ id, userId: user.id });
    await settleAbandonedReplies(conversation.id);
    return conversationPageResponse(conversation, await activeBranchPage(conversation, query.data));
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * Renames the conversation (a blank or null title goes back to showing the summary) and changes
 * its model, system prompt and temperature (null: the default); moves it into a folder (null: none),
 * pins or unpins it, archives it or brings it back.
 */
export async function PATCH(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = parseConversationId((await context.params).session_id);
    const body = await readJsonBody(request, updateConversationSchema, env().MAX_BODY_BYTES);
    const user = await requireUser();
    const changes = {
      ...(body.title === undefined ? {} : { title: body.title || null }),
      ...(body.pinned === undefined ? {} : { pinned: body.pinned }),
      ...(body.archived === undefined ? {} : { archived: body.archived }),
      ...(await settingsChanges(body)),
    };
    if (!(await updateConversation({ id, userId: user.id, changes }))) {
      throw new AppError("not_found:chat", "Conversation not found.");
    }
    if (body.folder_id !== undefined) {
      const moved = await setConversationFolder({
        conversationId: id,
        userId: user.id,
        folderId: body.folder_id?.toLowerCase() ?? null,
      });
      if (moved === "folder_missing") throw new AppError("not_found:folder", "Folder not found.");
      if (moved === "missing") throw new AppError("not_found:chat", "Conversation not found.");
    }
    const conversation = await requireOwnConversation({ id, userId: user.id });
    return Response.json(toApiConversation(conversation));
  } catch (error) {
    return errorResponse(error);
  }
}

/** Deletes the conversation, its messages and their search entries. */
export async function DELETE(request: Request, context: Context) {
  try {
    assertSameOrigin(request);
    const id = parseConversationId((await context.params).session_id);
    const user = await requireUser();
    await requireOwnConversation({ id, userId: user.id });
    getLocalGeneration({ conversationId: id })?.controller.abort();
    if (!(await deleteConversation({ id, userId: user.id }))) {
      throw new AppError("not_found:chat", "Conversation not found.");
    }
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
