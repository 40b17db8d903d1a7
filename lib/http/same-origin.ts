import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

function originsOf(request: Request): Set<string> {
  const allowed = new Set<string>();
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (host) {
    const proto = request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
    allowed.add(`${proto}://${host}`);
  }
  const configured = env().NEXTAUTH_URL;
  if (configured) allowed.add(new URL(configured).origin);
  return allowed;
}

/**
 * Refuses a state-changing request a browser sent from another site. Route handlers get no CSRF
 * protection from Next.js; clients without a browser send no Origin and are not a CSRF vector.
 */
export function assertSameOrigin(request: Request): void {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite === "cross-site" || fetchSite === "same-site") {
    throw new AppError("forbidden:origin", "Cross-origin requests are not allowed.");
  }
  const origin = request.headers.get("origin");
  if (origin === null) return;
  if (!originsOf(request).has(origin)) {
    throw new AppError("forbidden:origin", "Cross-origin requests are not allowed.");
  }
}
