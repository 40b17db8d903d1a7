import "server-only";
import { newId } from "@/lib/ids";
import { db } from "./client";

export type Role = "admin" | "user";

export type UserRecord = {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  createdAt: Date;
  disabledAt: Date | null;
};

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

type Transaction = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

// Spelled out rather than left to ON DELETE CASCADE, which SQLite enforces only when asked to.
async function deleteEverythingOf(tx: Transaction, userId: string): Promise<void> {
  await tx.message.deleteMany({ where: { conversation: { userId } } });
  await tx.conversation.deleteMany({ where: { userId } });
  await tx.authSession.deleteMany({ where: { userId } });
  await tx.apiToken.deleteMany({ where: { userId } });
  await tx.user.delete({ where: { id: userId } });
}

/** True when the user is the only enabled administrator: they must keep that role and account. */
async function isLastAdmin(tx: Transaction, user: { id: string; role: string; disabledAt: Date | null }) {
  if (user.role !== "admin" || user.disabledAt) return false;
  return (await tx.user.count({ where: { role: "admin", disabledAt: null, id: { not: user.id } } })) === 0;
}

export async function deleteUserByUsername({ username }: { username: string }): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { username } });
    if (!user) return false;
    await deleteEverythingOf(tx, user.id);
    return true;
  });
}

export async function getUserById({ id }: { id: string }): Promise<UserRecord | null> {
  return (await db().user.findUnique({ where: { id } })) as UserRecord | null;
}

/** Changes a user, refusing (with false) anything that would leave no enabled administrator. */
export async function updateUserKeepingAnAdmin({
  id,
  changes,
}: {
  id: string;
  changes: { role?: Role; disabledAt?: Date | null; passwordHash?: string };
}): Promise<"updated" | "not_found" | "last_admin"> {
  return db().$transaction(
    async (tx) => {
      const user = await tx.user.findUnique({ where: { id } });
      if (!user) return "not_found";
      const losesAdmin = changes.role === "user" || Boolean(changes.disabledAt);
      if (losesAdmin && (await isLastAdmin(tx, user))) return "last_admin";
      await tx.user.update({ where: { id }, data: changes });
      return "updated";
    },
    { isolationLevel: "Serializable" },
  );
}

export async function deleteUserKeepingAnAdmin({
  id,
}: {
  id: string;
}): Promise<"deleted" | "not_found" | "last_admin"> {
  return db().$transaction(
    async (tx) => {
      const user = await tx.user.findUnique({ where: { id } });
      if (!user) return "not_found";
      if (await isLastAdmin(tx, user)) return "last_admin";
      await deleteEverythingOf(tx, id);
      return "deleted";
    },
    { isolationLevel: "Serializable" },
  );
}
