import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { getUserByAuthSession, type SessionUser } from "@/lib/db/auth-sessions";
import { AppError } from "@/lib/errors";
import { authOptions } from "./options";

/** The id of the server-side session behind the request's cookie, if the cookie is valid. */
export async function getAuthSessionId(): Promise<string | null> {
  const session = (await getServerSession(authOptions())) as { sid?: unknown } | null;
  return typeof session?.sid === "string" ? session.sid : null;
}

/** The signed-in user, checked against the database so a logged-out cookie no longer counts. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const sessionId = await getAuthSessionId();
  return sessionId ? getUserByAuthSession({ sessionId }) : null;
});

export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthorized:auth", "You need to log in.");
  return user;
}
