import "server-only";
import { headers } from "next/headers";

/** The client's address as the server saw it: the first hop of X-Forwarded-For, which Next.js fills. */
export function clientAddressOf(requestHeaders: Record<string, unknown> | Headers | undefined): string {
  const raw =
    requestHeaders instanceof Headers
      ? requestHeaders.get("x-forwarded-for")
      : requestHeaders?.["x-forwarded-for"];
  const first = String(raw ?? "")
    .split(",")[0]
    ?.trim();
  return first || "unknown";
}

/** The address of the client of the request being handled. */
export async function requestAddress(): Promise<string> {
  return clientAddressOf(await headers());
}
