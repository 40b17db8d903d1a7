import "server-only";
import { randomBytes } from "node:crypto";
import { prisma } from "./client";
import { executeRaw, queryRaw } from "./raw";
import type { Role } from "./users";

/**
 * A signed-in user, and whether the request came with a login session or a personal API token
 * (then `tokenId` says which).
 */
export type SessionUser = {
  id: string;
  username: string;
  role: Role;
  via: "session" | "token";
  tokenId?: string;
};

export async function createAuthSession({
  userId,
  maxAgeSeconds,
}: {
  userId: string;
  maxAgeSeconds: number;
}) {
  const now = new Date();
  const id = randomBytes(24).toString("base64url");
  await executeRaw(`DELETE FROM "auth_sessions" WHERE "user_id" = $1 AND "expires_at" < $2`, userId, now);
  await executeRaw(
    `INSERT INTO "auth_sessions" ("id", "user_id", "created_at", "expires_at") VALUES ($1, $2, $3, $4)`,
    id,
    userId,
    now,
    new Date(now.getTime() + maxAgeSeconds * 1000),
  );
  return id;
}

// Recording every request would be a write per request; a minute is precise enough for an idle timeout.
const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * The user behind a live session, or null when it was ended, has expired, or has been idle for
 * longer than `idleMs` (0: no idle timeout); an idle session is deleted.
 */
export async function getUserByAuthSession({
  sessionId,
  idleMs,
}: {
  sessionId: string;
  idleMs: number;
}): Promise<SessionUser | null> {
  // Raw SQL, one round trip: every request of a logged-in user starts here.
  const [session] = await queryRaw<{
    createdAt: Date;
    expiresAt: Date;
    lastSeenAt: Date | null;
    id: string;
    username: string;
    role: string;
    disabledAt: Date | null;
  }>(
    `SELECT s."created_at" AS "createdAt", s."expires_at" AS "expiresAt", s."last_seen_at" AS "lastSeenAt",
            u."id", u."username", u."role", u."disabled_at" AS "disabledAt"
     FROM "auth_sessions" s JOIN "users" u ON u."id" = s."user_id" WHERE s."id" = $1`,
    sessionId,
  );
  const now = Date.now();
  if (!session || session.expiresAt.getTime() <= now || session.disabledAt) return null;
  const lastSeen = (session.lastSeenAt ?? session.createdAt).getTime();
  if (idleMs > 0 && now - lastSeen > idleMs) {
    await deleteAuthSession({ sessionId });
    return null;
  }
  if (now - lastSeen > LAST_SEEN_RESOLUTION_MS) {
    await executeRaw(
      `UPDATE "auth_sessions" SET "last_seen_at" = $1 WHERE "id" = $2`,
      new Date(now),
      sessionId,
    );
  }
  const { id, username, role } = session;
  return { id, username, role: role as SessionUser["role"], via: "session" };
}

export async function deleteAuthSession({ sessionId }: { sessionId: string }): Promise<void> {
  await executeRaw(`DELETE FROM "auth_sessions" WHERE "id" = $1`, sessionId);
}

export async function deleteAuthSessionsOfUser({ userId }: { userId: string }): Promise<void> {
  await (await prisma()).authSession.deleteMany({ where: { userId } });
}

/** Ends every session of the user but one (the one that asked, after a password change). */
export async function deleteOtherAuthSessions({
  userId,
  keepId,
}: {
  userId: string;
  keepId: string;
}): Promise<void> {
  await (await prisma()).authSession.deleteMany({ where: { userId, id: { not: keepId } } });
}
