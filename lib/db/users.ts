import "server-only";
import { newId } from "@/lib/ids";
import { db } from "./client";

export type Role = "admin" | "user";

export type UserRecord = { id: string; username: string; passwordHash: string; role: Role; createdAt: Date };

export async function getUserByUsername({ username }: { username: string }): Promise<UserRecord | null> {
  return (await db().user.findUnique({ where: { username } })) as UserRecord | null;
}

export async function countUsers(): Promise<number> {
  return db().user.count();
}

export async function listUsers(): Promise<UserRecord[]> {
  return (await db().user.findMany({ orderBy: { username: "asc" } })) as UserRecord[];
}

export async function createUser({
  username,
  passwordHash,
  role,
}: {
  username: string;
  passwordHash: string;
  role: Role;
}): Promise<UserRecord> {
  return (await db().user.create({
    data: { id: newId(), username, passwordHash, role, createdAt: new Date() },
  })) as UserRecord;
}

/** Creates the admin only while there is no user at all, so a second caller gets null. */
export async function createFirstAdmin({
  username,
  passwordHash,
}: {
  username: string;
  passwordHash: string;
}): Promise<UserRecord | null> {
  return db().$transaction(
    async (tx) => {
      if ((await tx.user.count()) > 0) return null;
      return (await tx.user.create({
        data: { id: newId(), username, passwordHash, role: "admin", createdAt: new Date() },
      })) as UserRecord;
    },
    { isolationLevel: "Serializable" },
  );
}

export async function updatePasswordHash({
  username,
  passwordHash,
}: {
  username: string;
  passwordHash: string;
}) {
  const { count } = await db().user.updateMany({ where: { username }, data: { passwordHash } });
  return count > 0;
}

export async function deleteUserByUsername({ username }: { username: string }): Promise<boolean> {
  const { count } = await db().user.deleteMany({ where: { username } });
  return count > 0;
}

export async function getUserById({ id }: { id: string }): Promise<UserRecord | null> {
  return (await db().user.findUnique({ where: { id } })) as UserRecord | null;
}
