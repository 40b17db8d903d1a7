import "server-only";
import type { ModelTarget } from "@/lib/ai/client";
import { resolveModel } from "@/lib/ai/resolve-model";
import { type Completion, ModelError, type ModelFailure, streamCompletion } from "@/lib/ai/stream-completion";
import { generateSummary, summaryFromWords } from "@/lib/ai/summary";
import { orAfter } from "@/lib/async/or-after";
import { withTree } from "@/lib/db/branches";
import { type ConversationRecord, setConversationSummary } from "@/lib/db/conversations";
import { type FileWithTextLength, getFileBodies } from "@/lib/db/files";
import {
  appendMessages,
  checkpointMessage,
  type FinishedReply,
  finishMessage,
  INTERRUPTED_ERROR,
  type MessageRecord,
  newMessages,
  type Turn,
} from "@/lib/db/messages";
import { retryWhileUnavailable } from "@/lib/db/retry";
import { recordUsage } from "@/lib/db/usage";
import { env } from "@/lib/env";
import { log } from "@/lib/log/logger.mjs";
import { metrics } from "@/lib/metrics/registry";
import type { AdmittedReply } from "./admit-reply";
import { conversationFiles, toTurnFile } from "./attachments";
import { Generation, registerGeneration } from "./generation";
import { toModelMessages } from "./model-messages";
import { type TurnFile, toModelTurns } from "./model-turns";
import { SHUTDOWN } from "./shutdown";

// How long a finished reply waits for a slow summary; the summary still lands later.
const SUMMARY_GRACE_MS = 2_000;
// How long the end of a reply is tried again while the database is unreachable.
const FINAL_WRITE_RETRY_MS = 60_000;
// A summary the model failed to write is asked for once more, this much later.
const SUMMARY_RETRY_MS = 1_500;

/** The model summaries are written by: OPENAI_SUMMARY_MODEL when set, else the reply's own. */
async function summaryModel(admitted: AdmittedReply): Promise<{ id: string; target: ModelTarget }> {
  const configured = env().OPENAI_SUMMARY_MODEL;
  if (!configured) return { id: admitted.model, target: admitted.target };
  const resolved = await resolveModel({ id: configured });
  return { id: resolved.model.id, target: resolved.target };
}

// What of a first message's documents a summary is written from: their beginnings.
const SUMMARY_DOCUMENT_CHARS = 2_000;

/** The text a summary is written from: the first message's words, then its documents' beginnings. */
async function summaryText(message: Turn, files: Promise<Map<string, TurnFile[]>>): Promise<string> {
  const attached = message.id ? (await files.catch(() => null))?.get(message.id) : undefined;
  const documents = (attached ?? []).filter((file) => file.kind === "document");
  if (documents.length === 0) return message.content;
  const { texts } = await getFileBodies({ textIds: documents.map((file) => file.id), imageIds: [] });
  const parts = documents.map(
    (file) => `${file.name}:\n${(texts.get(file.id) ?? "").slice(0, SUMMARY_DOCUMENT_CHARS)}`,
  );
  return [message.content, ...parts].filter((part) => part.trim()).join("\n\n");
}

/** Asks the model for a summary, recording what the call used in the ledger. */
async function modelSummary(admitted: AdmittedReply, message: string): Promise<string | null> {
  const { id, target } = await summaryModel(admitted);
  const { summary, usage } = await generateSummary({ message, target });
  if (usage) {
    await recordUsage({
      userId: admitted.user.id,
      apiTokenId: admitted.user.tokenId ?? null,
      model: id,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      estimated: usage.estimated,
    });
  }
  return summary;
}

/**
 * Gives a new conversation its summary: the model's, asked twice if need be, or else one made of
 * the first message's own words, so that every conversation is found again in the sidebar.
 */
function summarise(
  admitted: AdmittedReply,
  conversation: ConversationRecord,
  messages: Turn[],
  files: Promise<Map<string, TurnFile[]>>,
): Promise<string | null> {
  if (conversation.summary !== null) return Promise.resolve(null);
  const firstUserMessage = messages.find((message) => message.role === "user");
  if (!firstUserMessage) return Promise.resolve(null);
  let text = firstUserMessage.content;
  const attempt = () => modelSummary(admitted, text).catch(() => null);
  return summaryText(firstUserMessage, files)
    .then((withDocuments) => {
      text = withDocuments;
      return attempt();
    })
    .then(async (summary) => {
      if (summary) return summary;
      await new Promise((resolve) => setTimeout(resolve, SUMMARY_RETRY_MS).unref());
      return (await attempt()) ?? summaryFromWords(text);
    })
    .then(async (summary) => {
      await setConversationSummary({ id: conversation.id, summary });
      return summary;
    })
    .catch((error) => {
      log.warn({ error: (error as Error).message }, "saving the summary failed");
      return null;
    });
}

function heartbeatMs(): number {
  return Math.max(100, Math.min(1_000, Math.floor(env().STREAM_STALE_MS / 3)));
}

/**
 * The model a reply records: the one asked for, or, when the server answered with another (LM
 * Studio answers with whichever model is loaded), the one it named, as the catalogue would name it.
 */
function storedModelName(admitted: AdmittedReply, named: string | null): string {
  if (!named || named === admitted.target.model) return admitted.model;
  const prefix = admitted.model.slice(0, admitted.model.length - admitted.target.model.length);
  return `${prefix}${named}`;
}

/** How a reply is stored, from what the model wrote and how its call ended. */
function toFinishedReply(
  admitted: AdmittedReply,
  outcome: Completion | ModelError | unknown,
  reasoningMs: number | null,
): FinishedReply & { failure?: ModelFailure } {
  const completion: Partial<Completion> =
    outcome instanceof ModelError ? outcome.partial : ((outcome as Completion | undefined) ?? {});
  const failure =
    outcome instanceof ModelError ? outcome.failure : outcome instanceof Error ? "upstream" : undefined;
  const status =
    failure === undefined ? "complete" : failure === "stopped" || failure === "limit" ? "stopped" : "error";
  const text = completion.text ?? "";
  const reasoning = completion.reasoning ?? "";
  return {
    content: text,
    status,
    error:
      failure === undefined || failure === "stopped"
        ? null
        : outcome instanceof ModelError
          ? outcome.message
          : "The reply failed.",
    failure,
    model: storedModelName(admitted, completion.model ?? null),
    reasoning: reasoning || null,
    reasoningMs: reasoning ? reasoningMs : null,
    finishReason: completion.finishReason ?? null,
    promptTokens: completion.usage?.promptTokens ?? 0,
    completionTokens: completion.usage?.completionTokens ?? 0,
    usageEstimated: completion.usage?.estimated ?? true,
  };
}

/** What the model is sent: the system prompt, then the turns chosen, their files with them. */
async function modelMessages(
  admitted: AdmittedReply,
  conversation: ConversationRecord,
  messages: Turn[],
  files: Promise<Map<string, TurnFile[]>>,
) {
  // The conversation's own instructions, else the instance's; one or the other, never both.
  const systemPrompt = conversation.systemPrompt ?? env().DEFAULT_SYSTEM_PROMPT ?? null;
  const maxChars = Math.max(1_000, env().MODEL_CONTEXT_CHARS - (systemPrompt?.length ?? 0));
  const turns = toModelTurns(messages, maxChars, await files);
  return [
    ...(systemPrompt ? [{ role: "system" as const, content: systemPrompt }] : []),
    ...(await toModelMessages(turns, { canSeeImages: admitted.vision, maxChars })),
  ];
}

/**
 * Generates the reply. The model is asked as soon as the reply's place in its user's line is free
 * (at once, usually, while its row is still being saved); its first words wait in `generation`
 * until `saved` settles, and it is stopped if the save failed.
 */
async function generate(
  admitted: AdmittedReply,
  conversation: ConversationRecord,
  generation: Generation,
  messages: Turn[],
  files: Promise<Map<string, TurnFile[]>>,
  saved: Promise<unknown>,
  summarise: () => Promise<string | null>,
  answersNewMessage: boolean,
) {
  let reasoningStarted: number | null = null;
  let reasoningEnded: number | null = null;
  const startedAt = Date.now();
  let firstWords = false;
  const heard = () => {
    if (firstWords) return;
    firstWords = true;
    metrics().firstTokenSeconds.observe((Date.now() - startedAt) / 1000);
  };
  const outcome = Promise.all([admitted.slot.ready, modelMessages(admitted, conversation, messages, files)])
    .then(([, sent]) =>
      streamCompletion({
        ...admitted.target,
        messages: sent,
        ...(conversation.temperature === null ? {} : { temperature: conversation.temperature }),
        signal: generation.controller.signal,
        maxChars: env().MAX_REPLY_CHARS,
        maxMs: env().MAX_REPLY_SECONDS * 1000,
        onReasoning: (text) => {
          heard();
          reasoningStarted ??= Date.now();
          generation.appendReasoning(text);
        },
        onDelta: (text) => {
          heard();
          if (reasoningStarted !== null) reasoningEnded ??= Date.now();
          generation.append(text);
        },
      }),
    )
    .then(
      (completion) => completion,
      (caught: unknown) => {
        // Cut at shutdown: stored as interrupted, with the text so far.
        if (generation.controller.signal.reason === SHUTDOWN) {
          const partial = caught instanceof ModelError ? caught.partial : { text: generation.text };
          return new ModelError("upstream", INTERRUPTED_ERROR, partial);
        }
        return caught instanceof ModelError || !generation.controller.signal.aborted
          ? caught
          : new ModelError("stopped", "Stopped.");
      },
    )
    .finally(() => admitted.slot.release());
  try {
    await saved;
  } catch {
    generation.controller.abort();
    await outcome;
    return;
  }
  const summary = summarise();

  // The text so far reaches the database about once a second, never per chunk; it is also the
  // heartbeat that tells other instances the reply is alive while it waits for its turn. A
  // checkpoint that finds the reply no longer streaming means a Stop came through another instance.
  const heartbeat = setInterval(() => {
    checkpointMessage({ id: generation.messageId, content: generation.text, reasoning: generation.reasoning })
      .then((updated) => {
        if (updated === 0) generation.controller.abort();
      })
      .catch((error) => log.warn({ error: (error as Error).message }, "checkpoint failed"));
  }, heartbeatMs());

  const result = await outcome;
  clearInterval(heartbeat);
  if (result instanceof Error && !(result instanceof ModelError))
    log.error({ err: result }, "generation failed");
  const thoughtFor = reasoningStarted === null ? null : (reasoningEnded ?? Date.now()) - reasoningStarted;
  const { failure, ...finished } = toFinishedReply(admitted, result, thoughtFor);
  if (failure && failure !== "stopped" && failure !== "limit") metrics().modelErrors.inc({ failure });

  let message: MessageRecord;
  try {
    // Its reader has it all already; the database may be away for a while, and is waited for.
    message = await retryWhileUnavailable(() => finishMessage({ id: generation.messageId, ...finished }), {
      forMs: FINAL_WRITE_RETRY_MS,
      onRetry: (error) =>
        log.warn(
          { error: error.message, message_id: generation.messageId },
          "storing the reply failed; trying again",
        ),
    });
  } catch (storing) {
    log.error({ error: (storing as Error).message }, "storing the reply failed");
    const now = new Date();
    message = {
      id: generation.messageId,
      conversationId: generation.conversationId,
      parentId: messages.at(-1)?.id ?? null,
      userId: admitted.user.id,
      role: "assistant",
      createdAt: now,
      updatedAt: now,
      ...finished,
      status: "error",
      error: "The reply could not be saved.",
    };
  }
  // Its versions, for the client to step between: a regeneration has some; a reply to a message
  // written with it is that message's only one, and nothing need be read.
  if (!answersNewMessage) {
    message = (await withTree(message.conversationId, [message]).catch(() => [message]))[0] ?? message;
  }
  // A stopped reply does not wait for its summary: Stop answers at once.
  generation.finish(
    message,
    failure === "stopped" ? null : await orAfter(summary, SUMMARY_GRACE_MS, null),
    failure,
  );
}

/**
 * Starts an admitted reply on the branch that ends with `turns`, after saving `userText` as the
 * message that follows them when given (a new branch when they are not the whole active one). The
 * user's message and the reply's placeholder are written in one INSERT while the model is asked,
 * and nothing of the reply is passed on before they are saved; if they cannot be, the model is
 * stopped and the error thrown. The reply is then generated in the background and stored
 * when it ends, whoever is still listening.
 */
export async function startReply({
  admitted,
  conversation,
  turns,
  userText,
  userFiles = [],
}: {
  admitted: AdmittedReply;
  conversation: ConversationRecord;
  /** The branch the new messages follow, oldest first (as much of it as the model may be sent). */
  turns: Turn[];
  userText?: string;
  /** The files the new message carries (the user's own, already checked). */
  userFiles?: FileWithTextLength[];
}): Promise<{ generation: Generation; userMessage: MessageRecord | undefined }> {
  // The files of earlier messages are read while the message is saved: of those that have any, where
  // the turns say (usually none, and then nothing is read: the model is asked at once).
  const earlierFiles = conversationFiles(
    turns.flatMap((turn) => (turn.id && turn.hasFiles !== false ? [turn.id] : [])),
  );
  earlierFiles.catch(() => {});
  const earlier = turns;
  const rows = newMessages({
    conversationId: conversation.id,
    userId: conversation.userId,
    parentId: earlier.at(-1)?.id ?? null,
    messages: [
      ...(userText === undefined
        ? []
        : [{ id: admitted.userMessageId, role: "user" as const, content: userText }]),
      { id: admitted.id, role: "assistant", content: "", status: "streaming", model: admitted.model },
    ],
  });
  const userMessage =
    userText === undefined
      ? undefined
      : { ...(rows[0] as MessageRecord), attachments: userFiles.map(toFileMeta) };
  const messages = userMessage ? [...earlier, userMessage] : earlier;
  const files = earlierFiles.then((byMessage) =>
    userMessage && userFiles.length > 0
      ? new Map([...byMessage, [userMessage.id, userFiles.map(toTurnFile)]])
      : byMessage,
  );

  const generation = new Generation(admitted.id, conversation.id, admitted.controller);
  const attach = userMessage
    ? { messageId: userMessage.id, userId: conversation.userId, fileIds: userFiles.map((file) => file.id) }
    : undefined;
  const saved = Promise.all([appendMessages(rows, attach), admitted.ledger]);
  void generate(
    admitted,
    conversation,
    generation,
    messages,
    files,
    saved,
    () => summarise(admitted, conversation, messages, files),
    userMessage !== undefined,
  );
  try {
    await saved;
  } catch (error) {
    admitted.cancel();
    throw error;
  }
  registerGeneration(generation);
  return { generation, userMessage };
}

function toFileMeta({ textChars: _textChars, ...meta }: FileWithTextLength) {
  return meta;
}
