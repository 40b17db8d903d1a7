import "server-only";
import { randomUUID } from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
import { uuidv7 } from "@/lib/ids";
import { atomically, rows, run } from "./atomic";
import { linkFiles } from "./files";
import { INTERRUPTED_ERROR, type MessageRole, type MessageStatus } from "./messages";
import { placeholders } from "./placeholders";
import { executeRaw } from "./raw";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type ImportedMessage = {
  id?: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  error?: string | null;
  createdAt: Date;
  model?: string | null;
  reasoning?: string | null;
  reasoningMs?: number | null;
  finishReason?: string | null;
  usage?: { promptTokens: number; completionTokens: number; estimated: boolean } | null;
  /** Files of the user's, already stored, that the message carries, in order. */
  fileIds?: string[];
  /**
   * The message it follows, by its place among the conversation's messages (always an earlier
   * one); null for a first message; absent: the message before it.
   */
  parentIndex?: number | null;
};

export type ImportedConversationRow = {
  id?: string;
  title: string | null;
  summary: string | null;
  model?: string | null;
  systemPrompt?: string | null;
  temperature?: number | null;
  createdAt: Date;
  updatedAt: Date;
  messages: ImportedMessage[];
  /** Which message ends the active branch, by its place; absent: the last. */
  activeIndex?: number;
  /** Where it came from ("chatgpt:<id>"): a user holds one conversation per source. */
  importedFrom?: string;
};

// Each step is one short transaction (on SQLite a synchronous one), and other requests get their
// turn between steps, so that a large import never holds the database or the server for long.
const MESSAGES_PER_STEP = 250;
const IDS_PER_QUERY = 500;

function* takenIds(table: "conversations" | "messages", ids: string[]) {
  const taken = new Set<string>();
  for (let from = 0; from < ids.length; from += IDS_PER_QUERY) {
    const chunk = ids.slice(from, from + IDS_PER_QUERY);
    const found = (yield rows(
      `SELECT "id" FROM "${table}" WHERE "id" IN (${placeholders(chunk.length)})`,
      ...chunk,
    )) as { id: string }[];
    for (const row of found) taken.add(row.id);
  }
  return taken;
}

const MESSAGE_INSERT_COLUMNS = [
  "id",
  "conversation_id",
  "parent_id",
  "user_id",
  "role",
  "content",
  "status",
  "error",
  "created_at",
  "updated_at",
  "model",
  "reasoning",
  "reasoning_ms",
  "finish_reason",
  "prompt_tokens",
  "completion_tokens",
  "usage_estimated",
];

function messageValues(
  message: ImportedMessage,
  id: string,
  parentId: string | null,
  conversationId: string,
  userId: string,
): unknown[] {
  // A reply that was still being written when it was exported can never finish now.
  const interrupted = message.status === "streaming";
  return [
    id,
    conversationId,
    parentId,
    userId,
    message.role,
    message.content,
    interrupted ? "error" : message.status,
    interrupted ? INTERRUPTED_ERROR : (message.error ?? null),
    message.createdAt,
    message.createdAt,
    message.model ?? null,
    message.reasoning ?? null,
    message.reasoningMs ?? null,
    message.finishReason ?? null,
    message.usage?.promptTokens ?? null,
    message.usage?.completionTokens ?? null,
    message.usage?.estimated ?? null,
  ];
}

/**
 * Imports one conversation for a user, keeping its ids where they are free (so a round trip into
 * an empty account gives back the same links) and making new ones, in order, where they are not.
 * Returns the conversation's id, or null when the user already has one from the same source.
 */
export async function importConversation({
  userId,
  conversation,
}: {
  userId: string;
  conversation: ImportedConversationRow;
}): Promise<string | null> {
  const wantedId = conversation.id?.toLowerCase();
  const wantedMessageIds = conversation.messages.map((message) => message.id?.toLowerCase() ?? "");
  const { id, messageIds } = await atomically(function* () {
    const free =
      wantedId && UUID.test(wantedId) && !(yield* takenIds("conversations", [wantedId])).has(wantedId);
    const valid = wantedMessageIds.every((messageId) => UUID.test(messageId));
    const taken = valid ? yield* takenIds("messages", wantedMessageIds) : new Set<string>();
    const keep = valid && taken.size === 0;
    const conversationId = free ? (wantedId as string) : randomUUID();
    const inserted = (yield run(
      `INSERT INTO "conversations" ("id", "user_id", "title", "summary", "model", "system_prompt", "temperature", "imported_from", "created_at", "updated_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT ("user_id", "imported_from") DO NOTHING`,
      conversationId,
      userId,
      conversation.title,
      conversation.summary,
      conversation.model ?? null,
      conversation.systemPrompt ?? null,
      conversation.temperature ?? null,
      conversation.importedFrom ?? null,
      conversation.createdAt,
      conversation.updatedAt,
    )) as number;
    return {
      id: inserted > 0 ? conversationId : null,
      messageIds: keep ? wantedMessageIds : wantedMessageIds.map(() => uuidv7()),
    };
  });
  if (!id) return null;

  const parentOf = (at: number): string | null => {
    const wanted = conversation.messages[at]?.parentIndex;
    const index = wanted === undefined ? at - 1 : wanted;
    return index === null || index < 0 || index >= at ? null : (messageIds[index] as string);
  };
  for (let from = 0; from < conversation.messages.length; from += MESSAGES_PER_STEP) {
    await nextTurn();
    const slice = conversation.messages.slice(from, from + MESSAGES_PER_STEP);
    await atomically(function* () {
      // A hundred rows per statement keeps every statement within SQLite's parameter limit.
      for (let start = 0; start < slice.length; start += 100) {
        const batch = slice.slice(start, start + 100);
        const width = MESSAGE_INSERT_COLUMNS.length;
        const values = batch.map((_, row) => `(${placeholders(width, row * width + 1)})`);
        yield run(
          `INSERT INTO "messages" (${MESSAGE_INSERT_COLUMNS.map((column) => `"${column}"`).join(", ")}) VALUES ${values.join(", ")}`,
          ...batch.flatMap((message, index) => {
            const at = from + start + index;
            return messageValues(message, messageIds[at] as string, parentOf(at), id, userId);
          }),
        );
      }
      for (const [index, message] of slice.entries()) {
        const files = (message.fileIds ?? []).map((fileId, position) => ({ fileId, position }));
        if (files.length) yield* linkFiles(messageIds[from + index] as string, userId, files);
      }
    });
  }
  // Each insert made its message the end of the active branch; the one it had is set last.
  const activeId = conversation.activeIndex === undefined ? undefined : messageIds[conversation.activeIndex];
  if (activeId)
    await executeRaw(`UPDATE "conversations" SET "active_leaf_id" = $1 WHERE "id" = $2`, activeId, id);
  return id;
}
