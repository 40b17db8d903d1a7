import "server-only";
import { readFile } from "node:fs/promises";
import { setImmediate as nextTurn } from "node:timers/promises";
import { deleteConversation } from "@/lib/db/conversations";
import { deleteUnattachedFile } from "@/lib/db/files";
import { type ImportedConversationRow, importConversation } from "@/lib/db/import";
import { AppError } from "@/lib/errors";
import { acceptFile, assertFileSize, displayName } from "@/lib/files/accept-upload";
import { identifyFile } from "@/lib/files/identify";
import { type ImportResult, importChatGpt, isZip } from "./import-chatgpt";
import { jsonValues } from "./json-values";
import {
  envelopeFields,
  type ImportedConversation,
  importedConversationSchema,
  MAX_IMPORTED_CONVERSATIONS,
} from "./native-format";
import type { SpooledFile } from "./spool";

const invalid = (where: string, message: string) =>
  new AppError("bad_request:import", `${where ? `${where}: ` : ""}${message}`);

function issueOf(error: { issues: { path: PropertyKey[]; message: string }[] }, prefix: string): AppError {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).map((part) =>
    typeof part === "number" ? `[${part}]` : `.${String(part)}`,
  );
  return invalid(`${prefix}${path.join("")}`, issue?.message ?? "is not valid");
}

const CONVERSATION_PATH = "$.conversations.*";

/** Every conversation of an export file, validated, one at a time. */
async function* nativeConversations(file: SpooledFile): AsyncGenerator<ImportedConversation> {
  const schema = importedConversationSchema();
  let count = 0;
  const seen = new Set<string>();
  for await (const { path, index, value } of jsonValues(file.path, [
    "$.format",
    "$.version",
    CONVERSATION_PATH,
  ])) {
    if (path === "$.format" || path === "$.version") {
      const field = path.slice(2) as "format" | "version";
      const checked = envelopeFields[field].safeParse(value);
      if (!checked.success) throw invalid("", checked.error.issues[0]?.message ?? `bad ${field}`);
      seen.add(field);
      continue;
    }
    if (typeof index !== "number") throw invalid("conversations", "must be a list of conversations");
    if (++count > MAX_IMPORTED_CONVERSATIONS) {
      throw invalid(
        "conversations",
        `at most ${MAX_IMPORTED_CONVERSATIONS.toLocaleString("en")} in one file`,
      );
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw issueOf(parsed.error, `conversations[${count - 1}]`);
    yield parsed.data;
  }
  for (const field of ["format", "version"] as const) {
    if (!seen.has(field))
      throw invalid("", envelopeFields[field].safeParse(undefined).error?.issues[0]?.message ?? field);
  }
  // No conversation came out: the file may hold none, or something else where the list should be.
  if (count === 0 && !(await holdsAnEmptyList(file))) {
    throw invalid("conversations", "must be a list of conversations");
  }
}

/** Whether a file with no conversations has `conversations: []` (read whole: such a file is small). */
async function holdsAnEmptyList(file: SpooledFile): Promise<boolean> {
  if (file.size > 1024 * 1024) return false;
  const parsed = JSON.parse(await readFile(file.path, "utf8")) as { conversations?: unknown };
  return Array.isArray(parsed.conversations) && parsed.conversations.length === 0;
}

function toRow(conversation: ImportedConversation, fileIds: string[][]): ImportedConversationRow {
  const indexOf = new Map(conversation.messages.map((message, index) => [message.id?.toLowerCase(), index]));
  const leaf = conversation.active_leaf_id?.toLowerCase();
  return {
    activeIndex: leaf ? indexOf.get(leaf) : undefined,
    id: conversation.session_id,
    title: conversation.title ?? null,
    summary: conversation.summary ?? null,
    model: conversation.model ?? null,
    systemPrompt: conversation.system_prompt ?? null,
    temperature: conversation.temperature ?? null,
    createdAt: new Date(conversation.created_at),
    updatedAt: new Date(conversation.updated_at),
    messages: conversation.messages.map((message, index) => ({
      id: message.id,
      fileIds: fileIds[index] ?? [],
      parentIndex:
        message.parent_id === undefined
          ? undefined
          : message.parent_id === null
            ? null
            : indexOf.get(message.parent_id.toLowerCase()),
      role: message.role,
      content: message.content,
      status: message.status,
      error: message.error ?? null,
      createdAt: new Date(message.timestamp),
      model: message.model ?? null,
      reasoning: message.reasoning ?? null,
      reasoningMs: message.reasoning_ms ?? null,
      finishReason: message.finish_reason ?? null,
      usage: message.usage
        ? {
            promptTokens: message.usage.prompt_tokens,
            completionTokens: message.usage.completion_tokens,
            estimated: message.usage.estimated,
          }
        : null,
    })),
  };
}

/** A fault in a file a message carries, said with where it is in the export. */
function fileFault(where: string, error: unknown): unknown {
  return error instanceof AppError ? new AppError(error.code, `${where}: ${error.message}`) : error;
}

/**
 * Checks what can be told of each attached file without storing it (its size and what its bytes
 * are), so that a file with an SVG in it, or one too large, imports nothing.
 */
async function checkAttachments(conversation: ImportedConversation, where: string): Promise<void> {
  for (const [position, message] of conversation.messages.entries()) {
    for (const [index, attachment] of message.attachments.entries()) {
      const path = `${where}.messages[${position}].attachments[${index}]`;
      try {
        const bytes = Buffer.from(attachment.data, "base64");
        assertFileSize(bytes.length);
        await identifyFile(bytes, displayName(attachment.name));
      } catch (error) {
        throw fileFault(path, error);
      }
      await nextTurn();
    }
  }
}

/** Reads the whole file once to check it: nothing is imported from a file with a fault anywhere. */
async function checkNative(file: SpooledFile): Promise<void> {
  const messageIds = new Set<string>();
  let index = 0;
  for await (const conversation of nativeConversations(file)) {
    await checkAttachments(conversation, `conversations[${index}]`);
    for (const [position, message] of conversation.messages.entries()) {
      if (!message.id) continue;
      const id = message.id.toLowerCase();
      if (messageIds.has(id)) {
        throw invalid(
          `conversations[${index}].messages[${position}].id`,
          `${message.id} appears twice in the file`,
        );
      }
      messageIds.add(id);
    }
    index++;
    await nextTurn();
  }
}

/**
 * Stores the files a conversation's messages carry, as uploads are stored (images cleaned, a PDF's
 * text read, within the user's storage), keeping their ids where they are free. Returns each
 * message's file ids; the ids of files it added go into `added`.
 */
async function storeAttachments(
  userId: string,
  conversation: ImportedConversation,
  where: string,
  added: string[],
): Promise<string[][]> {
  const fileIds: string[][] = [];
  for (const [position, message] of conversation.messages.entries()) {
    const ids: string[] = [];
    for (const [index, attachment] of message.attachments.entries()) {
      try {
        const stored = await acceptFile({
          userId,
          name: attachment.name,
          bytes: Buffer.from(attachment.data, "base64"),
          wantedId: attachment.id,
        });
        if (stored.created) added.push(stored.id);
        // The same bytes twice on a message are one file, as they are when sent.
        if (!ids.includes(stored.id)) ids.push(stored.id);
      } catch (error) {
        throw fileFault(`${where}.messages[${position}].attachments[${index}]`, error);
      }
    }
    fileIds.push(ids);
  }
  return fileIds;
}

/**
 * Imports a file from GET /api/export (or a conversation's JSON export) into a user's account.
 * The file is read twice, a piece at a time: first to check all of it (a 400 imports nothing), then
 * to import it a conversation at a time, letting other requests through all along. If the import
 * fails part-way, what it had added is taken out again.
 */
export async function importFile({
  userId,
  file,
}: {
  userId: string;
  file: SpooledFile;
}): Promise<ImportResult> {
  const first = file.head.toString("utf8").trimStart()[0];
  // ChatGPT's export: the ZIP it mails, or its conversations.json, a list.
  if (isZip(file) || first === "[") return importChatGpt({ userId, file });
  if (first !== "{") {
    throw invalid(
      "",
      "the file is not an export of this app (a JSON object with conversations) nor ChatGPT's (its ZIP, or conversations.json)",
    );
  }
  await checkNative(file);
  const sessionIds: string[] = [];
  const newFiles: string[] = [];
  try {
    let index = 0;
    for await (const conversation of nativeConversations(file)) {
      const fileIds = await storeAttachments(userId, conversation, `conversations[${index++}]`, newFiles);
      const id = await importConversation({ userId, conversation: toRow(conversation, fileIds) });
      if (id) sessionIds.push(id);
    }
  } catch (error) {
    for (const id of sessionIds) await deleteConversation({ id, userId }).catch(() => {});
    // Files it stored that no message holds now (their conversation went, or never came).
    for (const id of newFiles) await deleteUnattachedFile({ id, userId }).catch(() => {});
    throw error;
  }
  return { imported: sessionIds.length, skipped: 0, sessionIds };
}
