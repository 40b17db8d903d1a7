import "server-only";
import { atomically, run } from "./atomic";
import { queryRaw } from "./raw";

export type ModelSettingRecord = {
  id: string;
  enabled: boolean;
  name: string | null;
  isDefault: boolean;
  vision: boolean;
};

export async function listModelSettings(): Promise<ModelSettingRecord[]> {
  return queryRaw<ModelSettingRecord>(
    `SELECT "id", "enabled", "name", "is_default" AS "isDefault", "vision" FROM "model_settings"`,
  );
}

/**
 * Changes what an administrator may change of a model. Making one the default unmarks every other,
 * in the same step, so that exactly one is.
 */
export async function saveModelSetting({
  id,
  changes,
}: {
  id: string;
  changes: Partial<Omit<ModelSettingRecord, "id">>;
}): Promise<void> {
  const now = new Date();
  await atomically(function* () {
    if (changes.isDefault)
      yield run(`UPDATE "model_settings" SET "is_default" = $1 WHERE "id" <> $2`, false, id);
    yield run(
      `INSERT INTO "model_settings" ("id", "enabled", "name", "is_default", "vision", "updated_at")
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ("id") DO UPDATE SET
         "enabled" = CASE WHEN $7 THEN $2 ELSE "model_settings"."enabled" END,
         "name" = CASE WHEN $8 THEN $3 ELSE "model_settings"."name" END,
         "is_default" = CASE WHEN $9 THEN $4 ELSE "model_settings"."is_default" END,
         "vision" = CASE WHEN $10 THEN $5 ELSE "model_settings"."vision" END,
         "updated_at" = $6`,
      id,
      changes.enabled ?? true,
      changes.name ?? null,
      changes.isDefault ?? false,
      changes.vision ?? false,
      now,
      changes.enabled !== undefined,
      changes.name !== undefined,
      changes.isDefault !== undefined,
      changes.vision !== undefined,
    );
  });
}
