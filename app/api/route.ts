import { isModelConfigured, MODEL_NOT_CONFIGURED } from "@/lib/ai/client";
import { requireUser } from "@/lib/auth/current-user";
import { toApiMessage } from "@/lib/chat/api-message";
import { sendMessage } from "@/lib/chat/send-message";
import { getConversationForUser } from "@/lib/db/conversations";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { chatRequestSchema } from "./schema";

export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const body = await readJsonBody(request, chatRequestSchema, env().MAX_BODY_BYTES);
    if (body.data.length > env().MAX_MESSAGE_CHARS) {
      throw new AppError(
        "payload_too_large:message",
        `Messages are at most ${env().MAX_MESSAGE_CHARS} characters.`,
      );
    }
    const user = await requireUser();
    if (!isModelConfigured()) throw new AppError("unavailable:model", MODEL_NOT_CONFIGURED);
    const conversation = await getConversationForUser({ id: body.session_id, userId: user.id });
    if (!conversation) throw new AppError("not_found:chat", "Conversation not found.");

    const { reply, history } = await sendMessage({ conversation, content: body.data });
    return Response.json({ data: reply.content, history: history.map(toApiMessage) });
  } catch (error) {
    return errorResponse(error);
  }
}
