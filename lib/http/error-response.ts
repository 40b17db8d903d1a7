import "server-only";

import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { type ApiError, AppError } from "@/lib/errors";
import { log } from "@/lib/log/logger.mjs";

export function jsonError(status: number, body: ApiError, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers });
}

/** Maps any thrown value to a JSON error; only AppError messages reach the client. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    // The rest of an oversized body is never read, so the connection cannot carry another request.
    const headers: Record<string, string> = error.status === 413 ? { connection: "close" } : {};
    if (error.retryAfterSeconds !== undefined) headers["retry-after"] = String(error.retryAfterSeconds);
    const retryAt = error.retryAt ? { retry_at: error.retryAt.toISOString() } : {};
    return jsonError(error.status, { error: error.message, code: error.code, ...retryAt }, headers);
  }
  if (isDatabaseUnavailable(error)) {
    log.warn({ error: (error as Error).message }, "the database is unreachable");
    return jsonError(
      503,
      {
        error: "The database cannot be reached right now. Try again in a moment.",
        code: "unavailable:database",
      },
      { "retry-after": "5" },
    );
  }
  log.error({ err: error }, "unhandled error in a route handler");
  return jsonError(500, { error: "Something went wrong on our side. Please try again.", code: "internal" });
}
