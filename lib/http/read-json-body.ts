import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";

function tooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large:body", `Request body is larger than ${maxBytes} bytes.`);
}

// A client that sends its whole body before it reads the answer (fetch does) sees its connection
// reset rather than the 413 if the rest is refused at once: up to this much more is read and dropped
// first. Past it, the connection is cut.
const DRAINED_BYTES = 8 * 1024 * 1024;

/** Reads the whole body, refusing (413) one over `maxBytes` whatever its declared length says. */
export async function readBodyWithin(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes + DRAINED_BYTES) throw tooLarge(maxBytes);
  if (!request.body) {
    if (declared > maxBytes) throw tooLarge(maxBytes);
    return Buffer.alloc(0);
  }

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  // A body declared too large is read and dropped like one found too large on the way.
  let received = declared > maxBytes ? maxBytes + 1 : 0;
  for (;;) {
    if (received > maxBytes) {
      chunks.length = 0;
      while (received <= maxBytes + DRAINED_BYTES) {
        const next = await reader.read();
        if (next.done) throw tooLarge(maxBytes);
        received += next.value.byteLength;
      }
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received <= maxBytes) chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function declaresJson(request: Request): boolean {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  return type === "application/json" || Boolean(type?.endsWith("+json"));
}

const notJson = () =>
  new AppError("unsupported_media_type:body", "Send the body as JSON, with Content-Type: application/json.");

/**
 * Reads a bounded JSON body and validates it; every failure is a 400, 413 or 415 with a clear
 * message. A body must be declared as JSON: a form another site posts (text/plain needs no
 * preflight) is refused before it is parsed. With `emptyAs`, a request without a body stands for
 * that value.
 */
export async function readJsonBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  maxBytes: number,
  { emptyAs }: { emptyAs?: unknown } = {},
): Promise<z.infer<Schema>> {
  const json = declaresJson(request);
  const declaredLength = Number(request.headers.get("content-length") ?? "0");
  if (!json && (declaredLength > 0 || request.headers.has("transfer-encoding"))) throw notJson();
  const bytes = await readBodyWithin(request, maxBytes);
  if (!json && bytes.length > 0) throw notJson();
  const text = bytes.toString("utf8");
  let value: unknown;
  try {
    value = emptyAs !== undefined && text.trim() === "" ? emptyAs : JSON.parse(text);
  } catch {
    throw new AppError("bad_request:body", "Request body must be valid JSON.");
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new AppError("bad_request:body", `${where}${issue?.message ?? "invalid request body"}`);
  }
  return result.data;
}
