import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { newId } from "@/lib/ids";
import type { SessionUser } from "./auth-sessions";
import { prisma } from "./client";
import { executeRaw, queryRaw } from "./raw";

export type ApiTokenRecord = {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
};

const PREFIX = "chat_";
// Recording every use would be a write per API call; once a minute says enough.
const LAST_USED_RESOLUTION_MS = 60_000;

function hashOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function looksLikeApiToken(token: string): boolean {
  return /^chat_[A-Za-z0-9_-]{43}$/.test(token);
}

/** Creates a token; its secret is returned this once and only its hash is kept. */
export async function createApiToken({
  userId,
  name,
  expiresAt,
}: {
  userId: string;
  name: string;
  expiresAt: Date | null;
}): Promise<{ record: ApiTokenRecord; token: string }> {
  const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  const record = await (await prisma()).apiToken.create({
    data: { id: newId(), userId, name, tokenHash: hashOf(token), createdAt: new Date(), expiresAt },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, expiresAt: true },
  });
  return { record, token };
}

export async function listApiTokens({ userId }: { userId: string }): Promise<ApiTokenRecord[]> {
  return (await prisma()).apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, expiresAt: true },
  });
}

export async function deleteApiToken({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  const { count } = await (await prisma()).apiToken.deleteMany({ where: { id, userId } });
  return count > 0;
}

export async function deleteApiTokensOfUser({ userId }: { userId: string }): Promise<void> {
  await (await prisma()).apiToken.deleteMany({ where: { userId } });
}

/** The user a token belongs to, or null for an unknown, revoked or expired one. */
export async function getUserByApiToken({ token }: { token: string }): Promise<SessionUser | null> {
  if (!looksLikeApiToken(token)) return null;
  // Raw SQL, one round trip: every request with a token starts here, as a login's does with its session.
  const [found] = await queryRaw<{
    id: string;
    expiresAt: Date | null;
    lastUsedAt: Date | null;
    userId: string;
    username: string;
    role: string;
    disabledAt: Date | null;
  }>(
    `SELECT t."id", t."expires_at" AS "expiresAt", t."last_used_at" AS "lastUsedAt",
            u."id" AS "userId", u."username", u."role", u."disabled_at" AS "disabledAt"
     FROM "api_tokens" t JOIN "users" u ON u."id" = t."user_id" WHERE t."token_hash" = $1`,
    hashOf(token),
  );
  const now = Date.now();
  if (!found || (found.expiresAt && found.expiresAt.getTime() <= now) || found.disabledAt) return null;
  if (!found.lastUsedAt || now - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await executeRaw(`UPDATE "api_tokens" SET "last_used_at" = $1 WHERE "id" = $2`, new Date(now), found.id);
  }
  const { userId, username, role } = found;
  return { id: userId, username, role: role as SessionUser["role"], via: "token", tokenId: found.id };
}
