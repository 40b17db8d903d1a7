import "server-only";
import { cookies, headers } from "next/headers";
import { decode } from "next-auth/jwt";
import { cache } from "react";
import { getUserByApiToken } from "@/lib/db/api-tokens";
import { getUserByAuthSession, type SessionUser } from "@/lib/db/auth-sessions";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { authSecret } from "./options";

// next-auth's cookie name; the __Secure- form is used when the app is served over https.
const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/** What a genuine, unexpired login cookie says: its server-side session and the user it names. */
type CookieClaims = { sid: string; userId: string | null };

// Decrypting a cookie costs about half a millisecond, on every request: the result for a cookie seen
// recently is kept. It only names the server-side session, which is still checked on each request.
const decodedCookies = new Map<string, { claims: CookieClaims | null; expiresAt: number }>();
const DECODED_COOKIES_KEPT = 10_000;

async function decodeCookie(token: string): Promise<CookieClaims | null> {
  const known = decodedCookies.get(token);
  if (known && known.expiresAt > Date.now()) return known.claims;
  let claims: CookieClaims | null = null;
  let expiresAt = Date.now() + 60_000;
  try {
    const payload = await decode({ token, secret: authSecret() });
    if (typeof payload?.sid === "string") {
      claims = { sid: payload.sid, userId: typeof payload.sub === "string" ? payload.sub : null };
    }
    if (typeof payload?.exp === "number") expiresAt = Math.min(expiresAt, payload.exp * 1000);
  } catch {
    claims = null;
  }
  if (decodedCookies.size >= DECODED_COOKIES_KEPT) decodedCookies.clear();
  decodedCookies.set(token, { claims, expiresAt });
  return claims;
}

async function getCookieClaims(): Promise<CookieClaims | null> {
  const store = await cookies();
  const token = SESSION_COOKIES.map((name) => store.get(name)?.value).find(Boolean);
  return token ? decodeCookie(token) : null;
}

/**
 * The id of the server-side session behind the request's cookie, if the cookie is genuine and
 * unexpired. Decoding it directly, rather than through getServerSession, keeps every API call from
 * re-encrypting and re-sending the cookie.
 */
export async function getAuthSessionId(): Promise<string | null> {
  return (await getCookieClaims())?.sid ?? null;
}

/**
 * The user the request's login cookie names, before its session is checked: enough to read that
 * user's data ahead, while requireUser decides whether the request may have it. Null for a request
 * with an API token, which is judged by the token alone.
 */
export async function getClaimedUserId(): Promise<string | null> {
  if ((await headers()).get("authorization") !== null) return null;
  return (await getCookieClaims())?.userId ?? null;
}

async function getLoginSessionUser(): Promise<SessionUser | null> {
  const sessionId = await getAuthSessionId();
  return sessionId ? getUserByAuthSession({ sessionId, idleMs: env().SESSION_IDLE_MINUTES * 60_000 }) : null;
}

/**
 * The signed-in user of an API request, checked against the database so that a logged-out cookie
 * or a revoked token no longer counts. A request with an Authorization header is judged by its
 * token alone.
 */
export const getRequestUser = cache(async (): Promise<SessionUser | null> => {
  const authorization = (await headers()).get("authorization");
  if (authorization !== null) {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
    return token ? getUserByApiToken({ token }) : null;
  }
  return getLoginSessionUser();
});

/** The user a page is shown to: pages are for a person with a login session, never an API token. */
export const getPageUser = cache(getLoginSessionUser);

export async function requireUser(): Promise<SessionUser> {
  const user = await getRequestUser();
  if (!user) throw new AppError("unauthorized:auth", "You need to log in, or send a valid API token.");
  return user;
}

/** For what only a person at the keyboard may do, such as managing tokens. */
export async function requireSessionUser(): Promise<SessionUser> {
  const user = await requireUser();
  if (user.via !== "session")
    throw new AppError("forbidden:token", "API tokens cannot do this: log in instead.");
  return user;
}

/** Administrators, logged in (an API token cannot manage users). */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireSessionUser();
  if (user.role !== "admin") throw new AppError("forbidden:admin", "Only administrators can do this.");
  return user;
}
