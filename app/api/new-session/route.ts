import { requireUser } from "@/lib/auth/current-user";
import { createConversation } from "@/lib/db/conversations";
import { errorResponse } from "@/lib/http/error-response";
import { assertSameOrigin } from "@/lib/http/same-origin";

export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const user = await requireUser();
    const conversation = await createConversation({ userId: user.id });
    return Response.json({ session_id: conversation.id });
  } catch (error) {
    return errorResponse(error);
  }
}
