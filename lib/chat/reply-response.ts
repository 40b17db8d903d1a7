import "server-only";
import { getActiveBranch } from "@/lib/db/branches";
import { AppError } from "@/lib/errors";
import { toApiMessage } from "./api-message";
import { generationEventStream } from "./event-stream";
import type { Generation } from "./generation";

/** Answers with the reply as an event stream, or as JSON once it is complete. */
export async function replyResponse({
  generation,
  stream,
  start,
}: {
  generation: Generation;
  stream: boolean;
  start: Record<string, unknown>;
}): Promise<Response> {
  if (stream) return generationEventStream(generation, start);

  const { message, failure } = await generation.done;
  if (message.status === "error") {
    const reason = message.error ?? "The model failed.";
    throw new AppError(failure === "timeout" ? "timeout:model" : "bad_gateway:model", reason);
  }
  // The branch the reply ends, whichever branch is active by now.
  const history = await getActiveBranch({ conversationId: generation.conversationId, leafId: message.id });
  return Response.json({ data: message.content, status: message.status, history: history.map(toApiMessage) });
}
