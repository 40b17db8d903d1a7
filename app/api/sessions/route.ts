import { requireUser } from "@/lib/auth/current-user";
import { toApiSession } from "@/lib/chat/api-session";
import { listSummarisedConversations } from "@/lib/db/conversations";
import { errorResponse } from "@/lib/http/error-response";

export async function GET() {
  try {
    const user = await requireUser();
    const conversations = await listSummarisedConversations({ userId: user.id });
    return Response.json(conversations.map(toApiSession));
  } catch (error) {
    return errorResponse(error);
  }
}
