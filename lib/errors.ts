export type ErrorType =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "rate_limit"
  | "bad_gateway"
  | "unavailable"
  | "timeout";

export type ErrorCode = `${ErrorType}:${string}`;

const statusByType: Record<ErrorType, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limit: 429,
  bad_gateway: 502,
  unavailable: 503,
  timeout: 504,
};

/** An error whose message is safe to show to the user who caused it. */
export class AppError extends Error {
  readonly type: ErrorType;
  readonly status: number;
  /** For rate limits: in how many seconds, and at what time, the client may try again. */
  readonly retryAfterSeconds?: number;
  readonly retryAt?: Date;

  constructor(
    readonly code: ErrorCode,
    message: string,
    retry: { retryAfterSeconds?: number; retryAt?: Date } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.type = code.split(":")[0] as ErrorType;
    this.status = statusByType[this.type];
    this.retryAfterSeconds = retry.retryAfterSeconds;
    this.retryAt = retry.retryAt;
  }
}

/**
 * The body of every error answer: a message for people, a stable code for programs, and for a
 * rate limit the time the client may try again.
 */
export type ApiError = { error: string; code: string; retry_at?: string };
