import "server-only";
import { newId } from "@/lib/ids";
import { atomically, rows, run } from "./atomic";
import { prisma } from "./client";
import { queryRaw } from "./raw";

export type PresetRecord = {
  id: string;
  userId: string;
  name: string;
  systemPrompt: string;
  model: string | null;
  temperature: number | null;
  shared: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type PresetFields = Pick<PresetRecord, "name" | "systemPrompt" | "model" | "temperature" | "shared">;

const PRESET_COLUMNS = `"id", "user_id" AS "userId", "name", "system_prompt" AS "systemPrompt", "model",
  "temperature", "shared", "created_at" AS "createdAt", "updated_at" AS "updatedAt"`;

// Raw SQL: the model picker asks for the presets on every chat page, and a reply with a preset
// reads its one (the query builder would load Prisma's query compiler: README, Performance).

/** The user's own presets and those an administrator shared, by name. */
export async function listPresetsFor({ userId }: { userId: string }): Promise<PresetRecord[]> {
  return queryRaw<PresetRecord>(
    `SELECT ${PRESET_COLUMNS} FROM "presets" WHERE "user_id" = $1 OR "shared" = $2 ORDER BY "name" ASC, "id" ASC`,
    userId,
    true,
  );
}

/** A preset the user may use: their own or a shared one; anyone else's is none. */
export async function getUsablePreset({
  id,
  userId,
}: {
  id: string;
  userId: string;
}): Promise<PresetRecord | null> {
  const [found] = await queryRaw<PresetRecord>(
    `SELECT ${PRESET_COLUMNS} FROM "presets" WHERE "id" = $1 AND ("user_id" = $2 OR "shared" = $3)`,
    id,
    userId,
    true,
  );
  return found ?? null;
}

/**
 * Adds a preset, unless the user already has `limit`: then null. The count and the insert are one
 * step for each user, so that parallel requests cannot all pass a count made before any inserted.
 */
export async function createPreset({
  userId,
  fields,
  limit,
}: {
  userId: string;
  fields: PresetFields;
  limit: number;
}): Promise<PresetRecord | null> {
  const id = newId();
  const now = new Date();
  const created = await atomically(
    function* () {
      const [own] = (yield rows(`SELECT count(*) AS "n" FROM "presets" WHERE "user_id" = $1`, userId)) as {
        n: number;
      }[];
      if (Number(own?.n ?? 0) >= limit) return false;
      yield run(
        `INSERT INTO "presets" ("id", "user_id", "name", "system_prompt", "model", "temperature", "shared", "created_at", "updated_at")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
        id,
        userId,
        fields.name,
        fields.systemPrompt,
        fields.model,
        fields.temperature,
        fields.shared,
        now,
      );
      return true;
    },
    { lockFirst: `presets:${userId}` },
  );
  return created ? (await prisma()).preset.findUnique({ where: { id } }) : null;
}

/** Changes the user's own preset; another user's (shared or not) is not theirs to change: null. */
export async function updateOwnPreset({
  id,
  userId,
  changes,
}: {
  id: string;
  userId: string;
  changes: Partial<PresetFields>;
}): Promise<PresetRecord | null> {
  const { count } = await (await prisma()).preset.updateMany({
    where: { id, userId },
    data: { ...changes, updatedAt: new Date() },
  });
  return count > 0 ? (await prisma()).preset.findUnique({ where: { id } }) : null;
}

export async function deleteOwnPreset({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  const { count } = await (await prisma()).preset.deleteMany({ where: { id, userId } });
  return count > 0;
}
