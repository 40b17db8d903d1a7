import "server-only";
import { setImmediate as nextTurn } from "node:timers/promises";
import { deleteConversation } from "@/lib/db/conversations";
import { importConversation } from "@/lib/db/import";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { ChatGptFault, parseChatGptConversation, toImportedRow } from "./chatgpt-format";
import { jsonValues } from "./json-values";
import { MAX_IMPORTED_CONVERSATIONS } from "./native-format";
import type { SpooledFile } from "./spool";
import { zipEntries } from "./zip-entries";

export type ImportResult = { imported: number; skipped: number; sessionIds: string[] };

// The older export has one conversations.json; the newer splits it into conversations-000.json…
const CONVERSATION_FILE = /(^|\/)conversations(-\d+)?\.json$/;

const invalid = (where: string, message: string) =>
  new AppError("bad_request:import", `${where ? `${where}: ` : ""}${message}`);

export const isZip = (file: SpooledFile) => file.head[0] === 0x50 && file.head[1] === 0x4b;

/** The conversations of one JSON list, checked one at a time, with where each is. */
async function* conversationsOf(source: AsyncIterable<Uint8Array> | string, name: string) {
  let position = 0;
  for await (const { index, value } of jsonValues(source, ["$.*"])) {
    const where = `${name}[${position++}]`;
    if (typeof index !== "number") throw invalid(name, "must be a list of conversations");
    try {
      const conversation = await parseChatGptConversation(value);
      yield { where, row: toImportedRow(conversation) };
    } catch (error) {
      if (error instanceof ChatGptFault) throw invalid(where, error.message);
      throw error;
    }
  }
}

/** Every conversation of a ChatGPT export (its conversations.json, or the ZIP it comes in). */
async function* chatGptConversations(file: SpooledFile) {
  if (!isZip(file)) {
    yield* conversationsOf(file.path, "conversations.json");
    return;
  }
  let files = 0;
  for await (const { name, content } of zipEntries(
    file.path,
    (entry) => CONVERSATION_FILE.test(entry),
    env().MAX_IMPORT_BYTES * 10,
  )) {
    files++;
    yield* conversationsOf(content, name);
  }
  if (files === 0) {
    throw invalid(
      "",
      "the ZIP file holds no conversations.json (nor conversations-000.json…): is it ChatGPT's export?",
    );
  }
}

/**
 * Imports ChatGPT's data export: every conversation with every branch, the one last seen active.
 * Read twice, a piece at a time: first to check all of it (a fault anywhere imports nothing), then
 * to import it a conversation at a time. A conversation imported before (by its ChatGPT id) is
 * skipped; if the import fails part-way, what it had added is taken out again.
 */
export async function importChatGpt({
  userId,
  file,
}: {
  userId: string;
  file: SpooledFile;
}): Promise<ImportResult> {
  let count = 0;
  for await (const _ of chatGptConversations(file)) {
    if (++count > MAX_IMPORTED_CONVERSATIONS) {
      throw invalid(
        "",
        `at most ${MAX_IMPORTED_CONVERSATIONS.toLocaleString("en")} conversations in one import`,
      );
    }
    await nextTurn();
  }
  const sessionIds: string[] = [];
  let skipped = 0;
  try {
    for await (const { row } of chatGptConversations(file)) {
      const id = await importConversation({ userId, conversation: row });
      if (id) sessionIds.push(id);
      else skipped++;
    }
  } catch (error) {
    for (const id of sessionIds) await deleteConversation({ id, userId }).catch(() => {});
    throw error;
  }
  return { imported: sessionIds.length, skipped, sessionIds };
}
