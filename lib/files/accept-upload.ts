import "server-only";
import { createHash } from "node:crypto";
import { type FileMeta, storeFile } from "@/lib/db/files";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { mib } from "@/lib/format-bytes";
import { identifyFile } from "./identify";
import { pdfText } from "./pdf-text";
import { processImage } from "./process-image";

/** A document's text is kept up to this long; what the model is sent of it is bounded again then. */
export const MAX_DOCUMENT_CHARS = 1_000_000;
const MAX_NAME_CHARS = 200;

/**
 * The name a file is shown under: the last part of what the browser sent, without control
 * characters (line breaks included), at most 200 characters. It is never used as a path.
 */
export function displayName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? "";
  const clean = last
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return Array.from(clean).slice(0, MAX_NAME_CHARS).join("") || "file";
}

export function assertFileSize(size: number): void {
  const limit = env().MAX_FILE_BYTES;
  if (size > limit) throw new AppError("payload_too_large:file", `Files are at most ${mib(limit)}.`);
  if (size === 0) throw new AppError("bad_request:file", "The file is empty.");
}

/**
 * Takes a file a user uploads (or imports): decided by its bytes, images re-encoded without their
 * metadata and scaled down, a PDF's text read, within the user's storage; the same bytes already
 * stored are the file they already have.
 */
export async function acceptFile({
  userId,
  name,
  bytes,
  wantedId,
}: {
  userId: string;
  name: string;
  bytes: Uint8Array;
  /** For an import: the id the file had, kept where it is free. */
  wantedId?: string;
}): Promise<FileMeta & { created: boolean }> {
  assertFileSize(bytes.length);
  const shownName = displayName(name);
  const identified = await identifyFile(bytes, shownName);
  let stored: Parameters<typeof storeFile>[0]["file"];
  if (identified.kind === "image") {
    const image = await processImage(bytes, identified.type, env().IMAGE_MAX_PIXELS);
    stored = {
      name: shownName,
      type: image.type,
      kind: "image",
      size: image.content.length,
      width: image.width,
      height: image.height,
      content: image.content,
      thumb: image.thumb,
      text: null,
      sha256: sha256(image.content),
    };
  } else {
    const text =
      identified.type === "application/pdf"
        ? await pdfText(bytes, MAX_DOCUMENT_CHARS)
        : (identified.text ?? "");
    stored = {
      name: shownName,
      type: identified.type,
      kind: "document",
      size: bytes.length,
      width: null,
      height: null,
      content: bytes,
      thumb: null,
      text: text.slice(0, MAX_DOCUMENT_CHARS),
      sha256: sha256(bytes),
    };
  }
  const quotaBytes = env().STORAGE_PER_USER_MB * 1024 * 1024;
  const result = await storeFile({ userId, file: stored, quotaBytes, wantedId });
  if ("overQuota" in result) {
    throw new AppError(
      "payload_too_large:storage",
      `Your files take ${mib(result.overQuota)} of the ${mib(quotaBytes)} you may store: delete conversations with files you no longer need to make room.`,
    );
  }
  return { ...result.stored, created: result.created };
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
