import "server-only";
import { ModelError, type ModelFailure, streamCompletion } from "@/lib/ai/stream-completion";
import { generateSummary } from "@/lib/ai/summary";
import { type ConversationRecord, setConversationSummary } from "@/lib/db/conversations";
import {
  appendMessages,
  checkpointMessage,
  finishMessage,
  getTurnsByConversationId,
  type MessageRecord,
  type MessageStatus,
  newMessages,
  type Turn,
} from "@/lib/db/messages";
import { env } from "@/lib/env";
import { Generation, registerGeneration } from "./generation";
import { toModelTurns } from "./model-turns";

// How long a finished reply waits for a slow summary; the summary still lands later.
const SUMMARY_GRACE_MS = 2_000;

function summarise(conversation: ConversationRecord, messages: Turn[]): Promise<string | null> {
  if (conversation.summary !== null) return Promise.resolve(null);
  const firstUserMessage = messages.find((message) => message.role === "user");
  if (!firstUserMessage) return Promise.resolve(null);
  return generateSummary({ message: firstUserMessage.content })
    .then(async (summary) => {
      if (summary) await setConversationSummary({ id: conversation.id, summary });
      return summary;
    })
    .catch((error) => {
      console.warn("Saving the summary failed:", (error as Error).message);
      return null;
    });
}

function withinGrace(summary: Promise<string | null>): Promise<string | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), SUMMARY_GRACE_MS).unref());
  return Promise.race([summary, timeout]);
}

function heartbeatMs(): number {
  return Math.max(100, Math.min(1_000, Math.floor(env().STREAM_STALE_MS / 3)));
}

/**
 * Generates the reply. The model is asked at once, while the reply's row is still being saved; its
 * first words wait in `generation` until `saved` settles, and it is stopped if the save failed.
 */
async function generate(
  generation: Generation,
  messages: Turn[],
  saved: Promise<void>,
  summarise: () => Promise<string | null>,
) {
  let failure: ModelFailure | undefined;
  const completion = streamCompletion({
    messages: toModelTurns(messages, env().MODEL_CONTEXT_CHARS),
    signal: generation.controller.signal,
    onDelta: (text) => generation.append(text),
  }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  try {
    await saved;
  } catch {
    generation.controller.abort();
    await completion;
    return;
  }
  const summary = summarise();

  // The text so far reaches the database about once a second, never per chunk. A checkpoint that
  // finds the reply no longer streaming means a Stop came through another instance.
  const heartbeat = setInterval(() => {
    checkpointMessage({ id: generation.messageId, content: generation.text })
      .then((updated) => {
        if (updated === 0) generation.controller.abort();
      })
      .catch((error) => console.warn("Checkpoint failed:", (error as Error).message));
  }, heartbeatMs());

  let status: Exclude<MessageStatus, "streaming"> = "complete";
  let error: string | null = null;
  const caught = await completion;
  clearInterval(heartbeat);
  if (caught !== undefined) {
    failure = caught instanceof ModelError ? caught.failure : "upstream";
    status = failure === "stopped" ? "stopped" : "error";
    if (status === "error") error = caught instanceof ModelError ? caught.message : "The reply failed.";
    if (!(caught instanceof ModelError)) console.error("Generation failed:", caught);
  }

  let message: MessageRecord;
  try {
    message = await finishMessage({ id: generation.messageId, content: generation.text, status, error });
  } catch (storing) {
    console.error("Storing the reply failed:", (storing as Error).message);
    const now = new Date();
    message = {
      id: generation.messageId,
      conversationId: generation.conversationId,
      userId: null,
      role: "assistant",
      content: generation.text,
      status: "error",
      error: "The reply could not be saved.",
      createdAt: now,
      updatedAt: now,
    };
  }
  generation.finish(message, await withinGrace(summary), failure);
}

/**
 * Starts the assistant's reply to the conversation, after saving `userText` as its newest message
 * when given. The user's message and the reply's placeholder are written in one INSERT while
 * the model is asked, and nothing of the reply is passed on before they are saved; if they cannot
 * be, the model is stopped and the error thrown. The reply is then generated in the background and
 * stored when it ends, whoever is still listening.
 */
export async function startReply({
  conversation,
  turns,
  userText,
}: {
  conversation: ConversationRecord;
  /** The conversation's messages so far, when already read. */
  turns?: Turn[];
  userText?: string;
}): Promise<{ generation: Generation; userMessage: MessageRecord | undefined }> {
  const earlier = turns ?? (await getTurnsByConversationId({ conversationId: conversation.id }));
  const rows = newMessages({
    conversationId: conversation.id,
    userId: conversation.userId,
    messages: [
      ...(userText === undefined ? [] : [{ role: "user" as const, content: userText }]),
      { role: "assistant", content: "", status: "streaming" },
    ],
  });
  const placeholder = rows.at(-1) as MessageRecord;
  const userMessage = userText === undefined ? undefined : rows[0];
  const messages = userMessage ? [...earlier, userMessage] : earlier;

  const generation = new Generation(placeholder.id, conversation.id);
  const saved = appendMessages(rows);
  void generate(generation, messages, saved, () => summarise(conversation, messages));
  await saved;
  registerGeneration(generation);
  return { generation, userMessage };
}
