// The browser's one way to call the JSON API: an error answer becomes an ApiRequestError with the
// server's status, stable code and message, which components show and branch on by code.
import type { ApiError } from "@/lib/errors";

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For a rate limit: when the client may try again. */
    readonly retryAt?: string,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

export const NETWORK_ERROR_MESSAGE = "Could not reach the server. Check your connection and try again.";

/** The error a failed response stands for. */
export async function errorOf(response: Response): Promise<ApiRequestError> {
  const body = (await response.json().catch(() => null)) as Partial<ApiError> | null;
  if (response.status === 401) {
    return new ApiRequestError(
      401,
      body?.code ?? "unauthorized:auth",
      "Your session has ended. Reload the page and log in again.",
    );
  }
  return new ApiRequestError(
    response.status,
    body?.code ?? `http:${response.status}`,
    body?.error ?? `The server answered ${response.status}.`,
    body?.retry_at,
  );
}

/** A request that never got an answer: offline, or the server is down. */
export function networkError(): ApiRequestError {
  return new ApiRequestError(0, "network", NETWORK_ERROR_MESSAGE);
}

export type JsonInit = RequestInit & { json?: unknown };

/** Sends a request (with `json` as its body, if given) and returns the response, or throws. */
export async function request(url: string, { json, headers, ...init }: JsonInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      cache: "no-store",
      ...init,
      ...(json === undefined
        ? { headers }
        : { headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(json) }),
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw networkError();
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

/** Sends a request and reads its JSON answer (undefined for 204). */
export async function fetchJson<T>(url: string, init?: JsonInit): Promise<T> {
  const response = await request(url, init);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
