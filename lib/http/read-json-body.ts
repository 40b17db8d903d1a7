import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";

async function readTextWithin(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large:body", `Request body is larger than ${maxBytes} bytes.`);
}

/** Reads a bounded JSON body and validates it; every failure is a 400 or 413 with a clear message. */
export async function readJsonBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  maxBytes: number,
  { emptyAs }: { emptyAs?: unknown } = {},
): Promise<z.infer<Schema>> {
  const text = await readTextWithin(request, maxBytes);
  let json: unknown;
  try {
    json = emptyAs !== undefined && text.trim() === "" ? emptyAs : JSON.parse(text);
  } catch {
    throw new AppError("bad_request:body", "Request body must be valid JSON.");
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new AppError("bad_request:body", `${where}${issue?.message ?? "invalid request body"}`);
  }
  return result.data;
}
