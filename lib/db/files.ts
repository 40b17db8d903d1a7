import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { atomically, rows, run } from "./atomic";
import { placeholders } from "./placeholders";
import { providerOf } from "./provider";
import { queryRaw } from "./raw";

export type FileKind = "image" | "document";

/** A file without its bytes: what lists and messages carry. */
export type FileMeta = { id: string; name: string; type: string; size: number; kind: FileKind };

export type NewFile = Omit<FileMeta, "id"> & {
  sha256: string;
  width: number | null;
  height: number | null;
  content: Uint8Array;
  thumb: Uint8Array | null;
  text: string | null;
};

const META = `"id", "name", "type", "size", "kind"`;

function toMeta(row: FileMeta): FileMeta {
  return { id: row.id, name: row.name, type: row.type, size: Number(row.size), kind: row.kind };
}

export type StoreResult = { stored: FileMeta; created: boolean } | { overQuota: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Stores a file of the user's, unless it would take them past `quotaBytes`: then nothing is stored
 * and what they use is returned. The same bytes uploaded again are the file already stored (made
 * young again, so that the sweep of unsent uploads leaves it). The check and the insert are one step
 * for each user, so parallel uploads cannot all pass a sum made before any was stored. An import
 * asks for the id the file had (`wantedId`), which it keeps where it is free.
 */
export async function storeFile({
  userId,
  file,
  quotaBytes,
  wantedId,
}: {
  userId: string;
  file: NewFile;
  quotaBytes: number;
  wantedId?: string;
}): Promise<StoreResult> {
  const wanted = wantedId?.toLowerCase();
  const now = new Date();
  return atomically(
    function* () {
      const [existing] = (yield rows(
        `SELECT ${META} FROM "files" WHERE "user_id" = $1 AND "sha256" = $2`,
        userId,
        file.sha256,
      )) as FileMeta[];
      if (existing) {
        yield run(`UPDATE "files" SET "created_at" = $2 WHERE "id" = $1`, existing.id, now);
        return { stored: toMeta(existing), created: false };
      }
      const [usage] = (yield rows(
        `SELECT coalesce(sum("size"), 0) AS "used" FROM "files" WHERE "user_id" = $1`,
        userId,
      )) as { used: number }[];
      const used = Number(usage?.used ?? 0);
      if (used + file.size > quotaBytes) return { overQuota: used };
      const free =
        wanted &&
        UUID.test(wanted) &&
        ((yield rows(`SELECT 1 AS "one" FROM "files" WHERE "id" = $1`, wanted)) as unknown[]).length === 0;
      const id = free ? wanted : newId();
      yield run(
        `INSERT INTO "files" ("id", "user_id", "sha256", "name", "type", "kind", "size", "width", "height", "content", "thumb", "text", "text_chars", "created_at")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        id,
        userId,
        file.sha256,
        file.name,
        file.type,
        file.kind,
        file.size,
        file.width,
        file.height,
        Buffer.from(file.content),
        file.thumb && Buffer.from(file.thumb),
        file.text,
        file.text?.length ?? 0,
        now,
      );
      return {
        stored: { id, name: file.name, type: file.type, size: file.size, kind: file.kind },
        created: true,
      };
    },
    { lockFirst: `files:${userId}` },
  );
}

/** A file with the length of its text: what choosing the turns a model is shown needs. */
export type FileWithTextLength = FileMeta & { textChars: number };

/** The user's own files among `ids`, in the order asked; anyone else's are simply not there. */
export async function getOwnFiles({
  ids,
  userId,
}: {
  ids: string[];
  userId: string;
}): Promise<FileWithTextLength[]> {
  if (ids.length === 0) return [];
  const found = await queryRaw<FileWithTextLength>(
    `SELECT ${META}, "text_chars" AS "textChars" FROM "files"
     WHERE "user_id" = $1 AND "id" IN (${placeholders(ids.length, 2)})`,
    userId,
    ...ids,
  );
  const byId = new Map(found.map((row) => [row.id, { ...toMeta(row), textChars: Number(row.textChars) }]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The SQL that links a message to its files, in order, taking only files of `userId`'s. */
export function* linkFiles(messageId: string, userId: string, files: { fileId: string; position: number }[]) {
  let linked = 0;
  for (const { fileId, position } of files) {
    linked += (yield run(
      `INSERT INTO "message_attachments" ("message_id", "file_id", "position")
       SELECT $1, "id", $3 FROM "files" WHERE "id" = $2 AND "user_id" = $4`,
      messageId,
      fileId,
      position,
      userId,
    )) as number;
  }
  return linked;
}

const fileGone = () =>
  new AppError("not_found:file", "An attached file was deleted meanwhile: upload it again.");

/**
 * Runs `insertMessages` and links the new message to its files in one step; a file deleted
 * meanwhile undoes it all (a 404).
 */
export async function insertWithAttachments({
  insertMessages,
  messageId,
  userId,
  fileIds,
}: {
  insertMessages: { sql: string; params: unknown[] };
  messageId: string;
  userId: string;
  fileIds: string[];
}): Promise<void> {
  await atomically(function* () {
    yield run(insertMessages.sql, ...insertMessages.params);
    const files = fileIds.map((fileId, position) => ({ fileId, position }));
    if ((yield* linkFiles(messageId, userId, files)) !== fileIds.length) throw fileGone();
  });
}

/**
 * Gives a message these files instead of the ones it had (for an edit). The links it keeps are never
 * dropped on the way, so a file kept is never taken for one no longer attached.
 */
export async function replaceAttachments({
  messageId,
  userId,
  fileIds,
}: {
  messageId: string;
  userId: string;
  fileIds: string[];
}): Promise<void> {
  await atomically(function* () {
    yield run(
      `DELETE FROM "message_attachments" WHERE "message_id" = $1${fileIds.length ? ` AND "file_id" NOT IN (${placeholders(fileIds.length, 2)})` : ""}`,
      messageId,
      ...fileIds,
    );
    const current = (yield rows(
      `SELECT "file_id" AS "fileId" FROM "message_attachments" WHERE "message_id" = $1`,
      messageId,
    )) as {
      fileId: string;
    }[];
    const kept = new Set(current.map((row) => row.fileId));
    for (const [position, fileId] of fileIds.entries()) {
      if (kept.has(fileId)) {
        yield run(
          `UPDATE "message_attachments" SET "position" = $3 WHERE "message_id" = $1 AND "file_id" = $2`,
          messageId,
          fileId,
          position,
        );
      } else if ((yield* linkFiles(messageId, userId, [{ fileId, position }])) !== 1) {
        throw fileGone();
      }
    }
  });
}

/** A file's bytes (or an image's preview, when asked for and there is one), for its owner only. */
export async function getOwnFileContent({
  id,
  userId,
  thumb = false,
}: {
  id: string;
  userId: string;
  thumb?: boolean;
}): Promise<(FileMeta & { content: Uint8Array }) | null> {
  // Each column is read as itself: an expression over a BLOB would come back without its type.
  const read = (column: "thumb" | "content") =>
    queryRaw<FileMeta & { bytes: Uint8Array | null }>(
      `SELECT ${META}, "${column}" AS "bytes" FROM "files" WHERE "id" = $1 AND "user_id" = $2`,
      id,
      userId,
    );
  if (thumb) {
    const [preview] = await read("thumb");
    if (!preview) return null;
    if (preview.bytes) return { ...toMeta(preview), type: "image/webp", content: preview.bytes };
  }
  const [row] = await read("content");
  return row?.bytes ? { ...toMeta(row), content: row.bytes } : null;
}

/**
 * Deletes a file of the user's that no message carries yet. "attached" when one does (its message
 * must go first), "missing" when the user has no such file.
 */
export async function deleteUnattachedFile({
  id,
  userId,
}: {
  id: string;
  userId: string;
}): Promise<"deleted" | "attached" | "missing"> {
  return atomically(function* () {
    const deleted = (yield run(
      `DELETE FROM "files" WHERE "id" = $1 AND "user_id" = $2
       AND NOT EXISTS (SELECT 1 FROM "message_attachments" WHERE "file_id" = $1)`,
      id,
      userId,
    )) as number;
    if (deleted > 0) return "deleted" as const;
    const [found] = (yield rows(
      `SELECT 1 AS "one" FROM "files" WHERE "id" = $1 AND "user_id" = $2`,
      id,
      userId,
    )) as unknown[];
    return found ? ("attached" as const) : ("missing" as const);
  });
}

/** Files of each message, in their order, for the messages a page shows. */
export async function getAttachmentsOf(messageIds: string[]): Promise<Map<string, FileMeta[]>> {
  const byMessage = new Map<string, FileMeta[]>();
  // In slices, within every database's limit on parameters.
  for (let start = 0; start < messageIds.length; start += 500) {
    const slice = messageIds.slice(start, start + 500);
    const found = await attachmentRows(`a."message_id" IN (${placeholders(slice.length)})`, slice);
    for (const { messageId, textChars, ...file } of found)
      byMessage.set(messageId, [...(byMessage.get(messageId) ?? []), file]);
  }
  return byMessage;
}

/** The files a message carries, in order, with the length of each document's text. */
export async function getMessageFiles({ messageId }: { messageId: string }): Promise<FileWithTextLength[]> {
  return (await attachmentRows(`a."message_id" = $1`, [messageId])).map(({ messageId: _, ...file }) => file);
}

/** A file as the model may be sent it: how long its text is, without the text or the bytes. */
export type AttachmentForModel = FileMeta & { messageId: string; textChars: number };

// Many rows come back as one JSON value: a conversation may carry a file on each of a thousand
// messages, and a value per column of each row costs far more than parsing one string.
const jsonRowsOf = (columns: string) =>
  providerOf(env().DATABASE_URL) === "sqlite"
    ? `json_group_array(json_array(${columns}))`
    : `json_agg(json_build_array(${columns}))::text`;

/** The files linked to the messages `where` picks, with their message, in each message's order. */
async function attachmentRows(where: string, params: unknown[]): Promise<AttachmentForModel[]> {
  const [found] = await queryRaw<{ rows: string | null }>(
    `SELECT ${jsonRowsOf(`a."message_id", a."position", f."id", f."name", f."type", f."size", f."kind", f."text_chars"`)} AS "rows"
     FROM "message_attachments" a JOIN "files" f ON f."id" = a."file_id" WHERE ${where}`,
    ...params,
  );
  type Row = [string, number, string, string, string, number, FileKind, number];
  const rows = JSON.parse(found?.rows ?? "[]") as Row[];
  rows.sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
  return rows.map(([messageId, , id, name, type, size, kind, textChars]) => ({
    id,
    name,
    type,
    size: Number(size),
    kind,
    messageId,
    textChars: Number(textChars),
  }));
}

/** The files of these messages (those a model may be sent), with the length of each document's text. */
export async function getAttachmentsForModel(messageIds: string[]): Promise<AttachmentForModel[]> {
  const found: AttachmentForModel[] = [];
  // In slices, within every database's limit on parameters.
  for (let start = 0; start < messageIds.length; start += 500) {
    const slice = messageIds.slice(start, start + 500);
    found.push(...(await attachmentRows(`a."message_id" IN (${placeholders(slice.length)})`, slice)));
  }
  return found;
}

/** The text of documents and the bytes of images, for the files a model is about to be sent. */
export async function getFileBodies({
  textIds,
  imageIds,
}: {
  textIds: string[];
  imageIds: string[];
}): Promise<{ texts: Map<string, string>; images: Map<string, Uint8Array> }> {
  const [texts, images] = await Promise.all([
    textIds.length
      ? queryRaw<{ id: string; text: string | null }>(
          `SELECT "id", "text" FROM "files" WHERE "id" IN (${placeholders(textIds.length)})`,
          ...textIds,
        )
      : [],
    imageIds.length
      ? queryRaw<{ id: string; content: Uint8Array }>(
          `SELECT "id", "content" FROM "files" WHERE "id" IN (${placeholders(imageIds.length)})`,
          ...imageIds,
        )
      : [],
  ]);
  return {
    texts: new Map(texts.map((row) => [row.id, row.text ?? ""])),
    images: new Map(images.map((row) => [row.id, row.content])),
  };
}

/** The bytes of the user's own files among `ids` (for an export); anyone else's are not there. */
export async function getOwnFileContents({
  ids,
  userId,
}: {
  ids: string[];
  userId: string;
}): Promise<Map<string, Uint8Array>> {
  if (ids.length === 0) return new Map();
  const found = await queryRaw<{ id: string; content: Uint8Array }>(
    `SELECT "id", "content" FROM "files" WHERE "user_id" = $1 AND "id" IN (${placeholders(ids.length, 2)})`,
    userId,
    ...ids,
  );
  return new Map(found.map((row) => [row.id, row.content]));
}

/**
 * Deletes up to `batch` of the uploads that were never sent, older than `before`; the caller goes on
 * until fewer come back, so that no one step holds the database for long.
 */
export async function sweepUnsentFiles({
  before,
  batch = 100,
}: {
  before: Date;
  batch?: number;
}): Promise<number> {
  return atomically(function* () {
    return (yield run(
      `DELETE FROM "files" WHERE "id" IN (
         SELECT f."id" FROM "files" f WHERE f."created_at" < $1
         AND NOT EXISTS (SELECT 1 FROM "message_attachments" a WHERE a."file_id" = f."id") LIMIT $2)`,
      before,
      batch,
    )) as number;
  });
}

/**
 * Copies files of one user's into another's storage (a shared conversation continued), within the
 * receiver's limit; the bytes go from row to row inside the database. Bytes the receiver already
 * has are their own file. Returns each file's id for the receiver, or "over_quota".
 */
export async function copyFilesTo({
  fromUserId,
  toUserId,
  fileIds,
  quotaBytes,
}: {
  fromUserId: string;
  toUserId: string;
  fileIds: string[];
  quotaBytes: number;
}): Promise<Map<string, string> | "over_quota"> {
  if (fileIds.length === 0) return new Map();
  const now = new Date();
  return atomically(
    function* () {
      const copies = new Map<string, string>();
      const [usage] = (yield rows(
        `SELECT coalesce(sum("size"), 0) AS "used" FROM "files" WHERE "user_id" = $1`,
        toUserId,
      )) as { used: number }[];
      let used = Number(usage?.used ?? 0);
      for (const fileId of fileIds) {
        const [source] = (yield rows(
          `SELECT "sha256", "size" FROM "files" WHERE "id" = $1 AND "user_id" = $2`,
          fileId,
          fromUserId,
        )) as { sha256: string; size: number }[];
        if (!source) continue;
        const [mine] = (yield rows(
          `SELECT "id" FROM "files" WHERE "user_id" = $1 AND "sha256" = $2`,
          toUserId,
          source.sha256,
        )) as { id: string }[];
        if (mine) {
          copies.set(fileId, mine.id);
          continue;
        }
        used += Number(source.size);
        if (used > quotaBytes) return "over_quota" as const;
        const id = newId();
        yield run(
          `INSERT INTO "files" ("id", "user_id", "sha256", "name", "type", "kind", "size", "width", "height", "text_chars", "created_at", "text", "thumb", "content")
           SELECT $1, $2, "sha256", "name", "type", "kind", "size", "width", "height", "text_chars", $3, "text", "thumb", "content"
           FROM "files" WHERE "id" = $4`,
          id,
          toUserId,
          now,
          fileId,
        );
        copies.set(fileId, id);
      }
      return copies;
    },
    { lockFirst: `files:${toUserId}` },
  );
}
