import "server-only";
import { fileTypeFromBuffer } from "file-type";
import { AppError } from "@/lib/errors";

export type FileKind = "image" | "document";

/** What a file is, decided by its bytes alone: a name or a declared type is never believed. */
export type Identified = { kind: FileKind; type: string };

const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp", "image/gif"]);

// Text documents are told apart by their name only once their bytes are known to be UTF-8 text:
// the type is then what they are served and described as, never how they are handled.
const TEXT_TYPES: Record<string, string> = {
  md: "text/markdown",
  markdown: "text/markdown",
  csv: "text/csv",
  json: "application/json",
};

// Text that a browser would run as a page or a picture: refused whatever its name says.
const MARKUP =
  /^\s*(<\?xml|<!doctype\s+(html|svg)|<html[\s>]|<svg[\s>]|<head[\s>]|<body[\s>]|<script[\s>]|<iframe[\s>])/i;

const ACCEPTED =
  "PNG, JPEG, WebP and GIF images, PDF, and UTF-8 text (plain text, Markdown, CSV, JSON, source code)";

function unsupported(what: string): AppError {
  return new AppError("unsupported_media_type:file", `${what} cannot be attached. Accepted: ${ACCEPTED}.`);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The text of a file that is UTF-8 text, or null. */
function asText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

export async function identifyFile(bytes: Uint8Array, name: string): Promise<Identified & { text?: string }> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) {
    if (IMAGE_TYPES.has(detected.mime)) return { kind: "image", type: detected.mime };
    if (detected.mime === "application/pdf") return { kind: "document", type: "application/pdf" };
    throw unsupported(`A file of type ${detected.mime}`);
  }
  const text = asText(bytes);
  if (text === null) throw unsupported("This file");
  const body = text.replace(/^\uFEFF/, "");
  if (MARKUP.test(body)) throw unsupported("HTML, SVG and XML");
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? "";
  return { kind: "document", type: TEXT_TYPES[extension] ?? "text/plain", text: body };
}
