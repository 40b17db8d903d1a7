import "server-only";
import { AppError } from "@/lib/errors";

export function jsonError(status: number, message: string, headers?: HeadersInit): Response {
  return Response.json({ error: message }, { status, headers });
}

/** Maps any thrown value to a JSON error; only AppError messages reach the client. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    // The rest of an oversized body is never read, so the connection cannot carry another request.
    const headers: Record<string, string> = error.status === 413 ? { connection: "close" } : {};
    if (error.retryAfterSeconds !== undefined) headers["retry-after"] = String(error.retryAfterSeconds);
    return jsonError(error.status, error.message, headers);
  }
  console.error("Unhandled error in route handler", error);
  return jsonError(500, "Something went wrong on our side. Please try again.");
}
