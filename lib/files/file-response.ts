import "server-only";
import type { FileMeta } from "@/lib/db/files";
import { contentDisposition } from "./content-disposition";

/**
 * A file's bytes as a download that can never run as a page: its stored type, nosniff, a
 * sandboxing CSP, and only images shown inline.
 */
export function fileResponse(file: FileMeta & { content: Uint8Array }, cacheControl: string): Response {
  const isText = file.type.startsWith("text/") || file.type === "application/json";
  return new Response(new Uint8Array(file.content), {
    headers: {
      "content-type": isText ? `${file.type}; charset=utf-8` : file.type,
      "content-length": String(file.content.byteLength),
      "content-disposition": contentDisposition(file.kind === "image" ? "inline" : "attachment", file.name),
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
      "cache-control": cacheControl,
    },
  });
}
