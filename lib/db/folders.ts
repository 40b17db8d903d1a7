import "server-only";
import { newId } from "@/lib/ids";
import { atomically, rows, run } from "./atomic";
import { placeholders } from "./placeholders";
import { queryRaw } from "./raw";

export type FolderRecord = {
  id: string;
  userId: string;
  parentId: string | null;
  name: string;
  systemPrompt: string | null;
  createdAt: Date;
};

/** Folders go at most this deep: a folder, one in it, and one in that. */
export const MAX_FOLDER_DEPTH = 3;
/** The most folders one user keeps. */
export const MAX_FOLDERS = 500;

export type FolderRefusal = "missing" | "parent_missing" | "too_deep" | "cycle" | "too_many";

const FOLDER_COLUMNS = `"id", "user_id" AS "userId", "parent_id" AS "parentId", "name",
  "system_prompt" AS "systemPrompt", "created_at" AS "createdAt"`;

// Raw SQL, as the sidebar's conversations: every chat page asks for the folders.
export async function listFolders({ userId }: { userId: string }): Promise<FolderRecord[]> {
  return queryRaw<FolderRecord>(
    `SELECT ${FOLDER_COLUMNS} FROM "folders" WHERE "user_id" = $1 ORDER BY "name" ASC, "id" ASC`,
    userId,
  );
}

/** The user's own folder; anyone else's is none. */
export async function getOwnFolder({
  id,
  userId,
}: {
  id: string;
  userId: string;
}): Promise<FolderRecord | null> {
  const [found] = await queryRaw<FolderRecord>(
    `SELECT ${FOLDER_COLUMNS} FROM "folders" WHERE "id" = $1 AND "user_id" = $2`,
    id,
    userId,
  );
  return found ?? null;
}

/** How deep the user's folder `id` is (1 at the top), or null when they have no such folder. */
function* depthOf(id: string, userId: string) {
  const [found] = (yield rows(
    `WITH RECURSIVE "up"("id", "parent_id", "depth") AS (
       SELECT "id", "parent_id", 1 FROM "folders" WHERE "id" = $1 AND "user_id" = $2
       UNION ALL
       SELECT f."id", f."parent_id", u."depth" + 1 FROM "folders" f JOIN "up" u ON f."id" = u."parent_id"
       WHERE u."depth" < 10)
     SELECT max("depth") AS "depth" FROM "up"`,
    id,
    userId,
  )) as { depth: number | null }[];
  return found?.depth ?? null;
}

/** The folders in `id`, itself included, with how deep each is below it (1 for itself). */
function* subtreeOf(id: string) {
  return (yield rows(
    `WITH RECURSIVE "down"("id", "depth") AS (
       SELECT "id", 1 FROM "folders" WHERE "id" = $1
       UNION ALL
       SELECT f."id", d."depth" + 1 FROM "folders" f JOIN "down" d ON f."parent_id" = d."id"
       WHERE d."depth" < 10)
     SELECT "id", "depth" FROM "down"`,
    id,
  )) as { id: string; depth: number }[];
}

const lock = (userId: string) => ({ lockFirst: `folders:${userId}` });

/**
 * Adds a folder, in `parentId` when given. The depth, the count and the insert are one step for
 * each user, so that parallel requests cannot together pass a limit either would have kept.
 */
export async function createFolder({
  userId,
  name,
  parentId,
  systemPrompt,
}: {
  userId: string;
  name: string;
  parentId: string | null;
  systemPrompt: string | null;
}): Promise<FolderRecord | FolderRefusal> {
  const folder: FolderRecord = { id: newId(), userId, parentId, name, systemPrompt, createdAt: new Date() };
  return atomically(function* () {
    const [count] = (yield rows(`SELECT count(*) AS "n" FROM "folders" WHERE "user_id" = $1`, userId)) as {
      n: number;
    }[];
    if (Number(count?.n ?? 0) >= MAX_FOLDERS) return "too_many" as const;
    if (parentId) {
      const depth = yield* depthOf(parentId, userId);
      if (depth === null) return "parent_missing" as const;
      if (depth >= MAX_FOLDER_DEPTH) return "too_deep" as const;
    }
    yield run(
      `INSERT INTO "folders" ("id", "user_id", "parent_id", "name", "system_prompt", "created_at") VALUES ($1, $2, $3, $4, $5, $6)`,
      folder.id,
      userId,
      parentId,
      name,
      systemPrompt,
      folder.createdAt,
    );
    return folder;
  }, lock(userId));
}

/**
 * Renames a folder, changes its system prompt, or moves it (`parentId` null: to the top). A folder
 * cannot move into itself or into one of its own folders, nor so that anything in it would be
 * more than three deep.
 */
export async function updateFolder({
  id,
  userId,
  changes,
}: {
  id: string;
  userId: string;
  changes: { name?: string; parentId?: string | null; systemPrompt?: string | null };
}): Promise<FolderRecord | FolderRefusal> {
  // `undefined`: it stays where it is; `null`: to the top.
  const moved = changes.parentId;
  const outcome = await atomically(function* () {
    const [current] = (yield rows(
      `SELECT "id" FROM "folders" WHERE "id" = $1 AND "user_id" = $2`,
      id,
      userId,
    )) as {
      id: string;
    }[];
    if (!current) return "missing" as const;
    if (moved) {
      const parentDepth = yield* depthOf(moved, userId);
      if (parentDepth === null) return "parent_missing" as const;
      const subtree = yield* subtreeOf(id);
      if (subtree.some((folder) => folder.id === moved)) return "cycle" as const;
      const height = Math.max(...subtree.map((folder) => Number(folder.depth)));
      if (parentDepth + height > MAX_FOLDER_DEPTH) return "too_deep" as const;
    }
    const sets: string[] = [];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`"${column}" = $${params.length}`);
    };
    if (changes.name !== undefined) set("name", changes.name);
    if (changes.systemPrompt !== undefined) set("system_prompt", changes.systemPrompt);
    if (moved !== undefined) set("parent_id", moved);
    if (sets.length) yield run(`UPDATE "folders" SET ${sets.join(", ")} WHERE "id" = $1`, ...params);
    return "updated" as const;
  }, lock(userId));
  if (outcome !== "updated") return outcome;
  return (await getOwnFolder({ id, userId })) ?? "missing";
}

/**
 * Deletes a folder and the folders in it. Their conversations move to no folder, or, with
 * `deleteConversations`, are deleted with them. False when the user has no such folder.
 */
export async function deleteFolder({
  id,
  userId,
  deleteConversations,
}: {
  id: string;
  userId: string;
  deleteConversations: boolean;
}): Promise<boolean> {
  return atomically(function* () {
    const [found] = (yield rows(
      `SELECT "id" FROM "folders" WHERE "id" = $1 AND "user_id" = $2`,
      id,
      userId,
    )) as {
      id: string;
    }[];
    if (!found) return false;
    if (deleteConversations) {
      const subtree = yield* subtreeOf(id);
      yield run(
        `DELETE FROM "conversations" WHERE "user_id" = $1 AND "folder_id" IN (${placeholders(subtree.length, 2)})`,
        userId,
        ...subtree.map((folder) => folder.id),
      );
    }
    yield run(`DELETE FROM "folders" WHERE "id" = $1`, id);
    return true;
  }, lock(userId));
}

/**
 * Puts the user's conversation in their folder (`folderId` null: in none), behind the same lock as
 * deleting folders, so a folder deleted meanwhile is never left named.
 */
export async function setConversationFolder({
  conversationId,
  userId,
  folderId,
}: {
  conversationId: string;
  userId: string;
  folderId: string | null;
}): Promise<"moved" | "missing" | "folder_missing"> {
  return atomically(function* () {
    if (folderId) {
      const [folder] = (yield rows(
        `SELECT "id" FROM "folders" WHERE "id" = $1 AND "user_id" = $2`,
        folderId,
        userId,
      )) as unknown[];
      if (!folder) return "folder_missing" as const;
    }
    const moved = (yield run(
      `UPDATE "conversations" SET "folder_id" = $1 WHERE "id" = $2 AND "user_id" = $3`,
      folderId,
      conversationId,
      userId,
    )) as number;
    return moved > 0 ? ("moved" as const) : ("missing" as const);
  }, lock(userId));
}
