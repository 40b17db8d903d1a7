import "server-only";
import { executeRaw, queryRaw } from "./raw";

export type ThrottlePolicy = { maxFailures: number; windowMs: number; lockMs: number };

/** When the latest lock on any of these keys ends, or null when none is locked. */
export async function getLockedUntil({ keys, now }: { keys: string[]; now: number }): Promise<number | null> {
  const rows = await queryRaw<{ locked_until: number | bigint | null }>(
    `SELECT "locked_until" FROM "login_throttle" WHERE "key" IN (${keys.map((_, i) => `$${i + 2}`).join(", ")}) AND "locked_until" > $1`,
    now,
    ...keys,
  );
  const until = rows.map((row) => Number(row.locked_until)).filter((value) => value > now);
  return until.length ? Math.max(...until) : null;
}

/**
 * Counts a failed login against each key, atomically (concurrent guesses all count), and locks a
 * key that reached the limit within the window.
 */
export async function recordLoginFailure({
  keys,
  now,
  policy,
}: {
  keys: string[];
  now: number;
  policy: ThrottlePolicy;
}): Promise<void> {
  const windowStart = now - policy.windowMs;
  for (const key of keys) {
    await executeRaw(
      `INSERT INTO "login_throttle" ("key", "failures", "window_start", "locked_until") VALUES ($1, 1, $2, NULL)
       ON CONFLICT ("key") DO UPDATE SET
         "failures" = CASE WHEN "login_throttle"."window_start" < $3 THEN 1 ELSE "login_throttle"."failures" + 1 END,
         "window_start" = CASE WHEN "login_throttle"."window_start" < $3 THEN $2 ELSE "login_throttle"."window_start" END`,
      key,
      now,
      windowStart,
    );
    await executeRaw(
      `UPDATE "login_throttle" SET "locked_until" = $2 WHERE "key" = $1 AND "failures" >= $3 AND ("locked_until" IS NULL OR "locked_until" < $2)`,
      key,
      now + policy.lockMs,
      policy.maxFailures,
    );
  }
}

export async function clearLoginFailures({ keys }: { keys: string[] }): Promise<void> {
  await executeRaw(
    `DELETE FROM "login_throttle" WHERE "key" IN (${keys.map((_, i) => `$${i + 1}`).join(", ")})`,
    ...keys,
  );
}
