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

/**
 * The id of the server-side session behind the request's cookie, if the cookie is genuine and
 * unexpired. Decoding it directly, rather than through getServerSession, keeps every API call from
 * re-encrypting and re-sending the cookie.
 */
export async function getAuthSessionId(): Promise<string | null> {
  const store = await cookies();
  const token = SESSION_COOKIES.map((name) => store.get(name)?.value).find(Boolean);
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: authSecret() });
    return typeof payload?.sid === "string" ? payload.sid : null;
  } catch {
    return null;
  }
}

/**
 * The signed-in user, checked against the database so that a logged-out cookie or a revoked token
 * no longer counts. A request with an Authorization header is judged by its token alone.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const authorization = (await headers()).get("authorization");
  if (authorization !== null) {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
    return token ? getUserByApiToken({ token }) : null;
  }
  const sessionId = await getAuthSessionId();
  return sessionId ? getUserByAuthSession({ sessionId, idleMs: env().SESSION_IDLE_MINUTES * 60_000 }) : null;
});

export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
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
