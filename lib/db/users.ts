import "server-only";
import { canonicalUsername } from "@/lib/auth/username";
import { newId } from "@/lib/ids";
import { atomically, rows, run } from "./atomic";
import { prisma } from "./client";
import { queryRaw } from "./raw";

export type Role = "admin" | "user";

export type UserRecord = {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  createdAt: Date;
  disabledAt: Date | null;
};

const USER_COLUMNS = `"id", "username", "password_hash" AS "passwordHash", "role", "created_at" AS "createdAt",
  "disabled_at" AS "disabledAt"`;

/**
 * The account a typed name stands for: the one whose canonical key it has (so `ALICE` finds
 * `alice`), or, for a pair of lookalikes made before keys existed, the exact name.
 */
export async function getUserByUsername({ username }: { username: string }): Promise<UserRecord | null> {
  // Raw SQL: a login (the form's or a script's) should not wait for the query builder.
  const [found] = await queryRaw<UserRecord>(
    `SELECT ${USER_COLUMNS} FROM "users"
     WHERE "username_key" = $1 OR ("username" = $2 AND "username_key" IS NULL)
     ORDER BY CASE WHEN "username_key" IS NULL THEN 1 ELSE 0 END LIMIT 1`,
    canonicalUsername(username),
    username,
  );
  return found ?? null;
}

export async function countUsers(): Promise<number> {
  // Raw SQL: the login page asks on every visit (the query builder would load Prisma's query compiler).
  const [found] = await queryRaw<{ count: bigint | number }>(`SELECT count(*) AS "count" FROM "users"`);
  return Number(found?.count ?? 0);
}

export async function listUsers(): Promise<UserRecord[]> {
  return (await (await prisma()).user.findMany({ orderBy: { username: "asc" } })) as UserRecord[];
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
  const client = await prisma();
  return (await client.user.create({
    data: {
      id: newId(),
      username,
      usernameKey: canonicalUsername(username),
      passwordHash,
      role,
      createdAt: new Date(),
    },
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
  const user: UserRecord = {
    id: newId(),
    username,
    passwordHash,
    role: "admin",
    createdAt: new Date(),
    disabledAt: null,
  };
  const created = await atomically(function* () {
    const [existing] = (yield rows(`SELECT count(*) AS "n" FROM "users"`)) as { n: number }[];
    if (Number(existing?.n) > 0) return false;
    yield run(
      `INSERT INTO "users" ("id", "username", "username_key", "password_hash", "role", "created_at")
       VALUES ($1, $2, $3, $4, 'admin', $5)`,
      user.id,
      username,
      canonicalUsername(username),
      passwordHash,
      user.createdAt,
    );
    return true;
  });
  return created ? user : null;
}

export async function updatePasswordHash({
  username,
  passwordHash,
}: {
  username: string;
  passwordHash: string;
}) {
  const { count } = await (await prisma()).user.updateMany({ where: { username }, data: { passwordHash } });
  return count > 0;
}

// Spelled out rather than left to ON DELETE CASCADE, which SQLite enforces only when asked to.
const DELETE_EVERYTHING_OF_USER = [
  `DELETE FROM "messages" WHERE "conversation_id" IN (SELECT "id" FROM "conversations" WHERE "user_id" = $1)`,
  `DELETE FROM "conversations" WHERE "user_id" = $1`,
  `DELETE FROM "auth_sessions" WHERE "user_id" = $1`,
  `DELETE FROM "api_tokens" WHERE "user_id" = $1`,
  `DELETE FROM "usage_records" WHERE "user_id" = $1`,
  `DELETE FROM "presets" WHERE "user_id" = $1`,
  `DELETE FROM "users" WHERE "id" = $1`,
];

type AdminState = { role: string; disabled: boolean };

function* readAdminState(id: string) {
  const [user] = (yield rows(
    `SELECT "role", CASE WHEN "disabled_at" IS NULL THEN 0 ELSE 1 END AS "disabled" FROM "users" WHERE "id" = $1`,
    id,
  )) as { role: string; disabled: number }[];
  return user ? ({ role: user.role, disabled: Number(user.disabled) === 1 } satisfies AdminState) : null;
}

/** True when the user is the only enabled administrator: they must keep that role and account. */
function* isLastAdmin(id: string, user: AdminState) {
  if (user.role !== "admin" || user.disabled) return false;
  const [others] = (yield rows(
    `SELECT count(*) AS "n" FROM "users" WHERE "role" = 'admin' AND "disabled_at" IS NULL AND "id" <> $1`,
    id,
  )) as { n: number }[];
  return Number(others?.n) === 0;
}

export async function getUserById({ id }: { id: string }): Promise<UserRecord | null> {
  const [found] = await queryRaw<UserRecord>(`SELECT ${USER_COLUMNS} FROM "users" WHERE "id" = $1`, id);
  return found ?? null;
}

/** Changes a user, refusing anything that would leave no enabled administrator. */
export async function updateUserKeepingAnAdmin({
  id,
  changes,
}: {
  id: string;
  changes: { role?: Role; disabledAt?: Date | null; passwordHash?: string };
}): Promise<"updated" | "not_found" | "last_admin"> {
  const columns = {
    role: changes.role,
    disabled_at: changes.disabledAt,
    password_hash: changes.passwordHash,
  };
  const set = Object.entries(columns).filter(([, value]) => value !== undefined);
  return atomically(function* () {
    const user = yield* readAdminState(id);
    if (!user) return "not_found";
    const losesAdmin = changes.role === "user" || Boolean(changes.disabledAt);
    if (losesAdmin && (yield* isLastAdmin(id, user))) return "last_admin";
    if (set.length > 0) {
      yield run(
        `UPDATE "users" SET ${set.map(([column], index) => `"${column}" = $${index + 2}`).join(", ")} WHERE "id" = $1`,
        id,
        ...set.map(([, value]) => value),
      );
    }
    return "updated";
  });
}

export async function deleteUserKeepingAnAdmin({
  id,
}: {
  id: string;
}): Promise<"deleted" | "not_found" | "last_admin"> {
  return atomically(function* () {
    const user = yield* readAdminState(id);
    if (!user) return "not_found";
    if (yield* isLastAdmin(id, user)) return "last_admin";
    for (const statement of DELETE_EVERYTHING_OF_USER) yield run(statement, id);
    return "deleted";
  });
}
