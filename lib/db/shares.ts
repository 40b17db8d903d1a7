import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { newId } from "@/lib/ids";
import { prisma } from "./client";
import { queryRaw } from "./raw";

export type ShareRecord = {
  id: string;
  conversationId: string;
  userId: string;
  leafId: string;
  title: string;
  public: boolean;
  showOwner: boolean;
  createdAt: Date;
  expiresAt: Date;
};

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

const PUBLIC_FIELDS = {
  id: true,
  conversationId: true,
  userId: true,
  leafId: true,
  title: true,
  public: true,
  showOwner: true,
  createdAt: true,
  expiresAt: true,
} as const;

/** A new link to the branch ending at `leafId`; its secret (256 bits) is returned this once. */
export async function createShare(
  share: Omit<ShareRecord, "id">,
): Promise<{ record: ShareRecord; token: string }> {
  const token = randomBytes(32).toString("base64url");
  const record = await (await prisma()).share.create({
    data: { id: newId(), ...share, tokenHash: hashOf(token) },
    select: PUBLIC_FIELDS,
  });
  return { record, token };
}

/** A conversation's links, newest first, without their secrets. */
export async function listShares({ conversationId }: { conversationId: string }): Promise<ShareRecord[]> {
  return (await prisma()).share.findMany({
    where: { conversationId },
    orderBy: { createdAt: "desc" },
    select: PUBLIC_FIELDS,
  });
}

/** The link a secret opens, while it has not expired; null for any other secret. */
export async function findLiveShare({ token }: { token: string }): Promise<ShareRecord | null> {
  if (token.length > 200) return null;
  // Raw SQL: whoever opens a link (a visitor, too) should not load Prisma's query compiler for it.
  const [found] = await queryRaw<ShareRecord>(
    `SELECT "id", "conversation_id" AS "conversationId", "user_id" AS "userId", "leaf_id" AS "leafId",
            "title", "public", "show_owner" AS "showOwner", "created_at" AS "createdAt", "expires_at" AS "expiresAt"
     FROM "shares" WHERE "token_hash" = $1 AND "expires_at" > $2`,
    hashOf(token),
    new Date(),
  );
  return found ?? null;
}

/** Revokes the user's own link at once: false when they have no such link. */
export async function deleteShare({
  id,
  userId,
}: {
  id: string;
  userId: string;
}): Promise<ShareRecord | null> {
  const found = await (await prisma()).share.findFirst({ where: { id, userId }, select: PUBLIC_FIELDS });
  if (!found) return null;
  const { count } = await (await prisma()).share.deleteMany({ where: { id, userId } });
  return count > 0 ? found : null;
}
