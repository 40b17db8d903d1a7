import "server-only";
import { placeholders } from "./placeholders";
import { executeRaw, queryRaw } from "./raw";

export type ThrottlePolicy = { maxFailures: number; windowMs: number; lockMs: number };

/**
 * Counts an attempt against each key before its password is checked, in one statement, so that
 * parallel guesses cannot all pass a check made before any of them failed: the attempt past
 * `maxFailures` within the window locks the key. A key already locked is left as it is. Returns
 * when the latest lock on these keys ends, or null when the attempt may go ahead.
 */
export async function reserveLoginAttempt({
  keys,
  now,
  policy,
}: {
  keys: string[];
  now: number;
  policy: ThrottlePolicy;
}): Promise<number | null> {
  // Sorted, so that two statements never take the same rows' locks in opposite orders (Postgres).
  const sorted = [...new Set(keys)].sort();
  const values = sorted.map((_, index) => `($${index + 5}, 1, $1, NULL)`).join(", ");
  const locked = `"login_throttle"."locked_until" > $1`;
  const stale = `"login_throttle"."window_start" < $2`;
  const rows = await queryRaw<{ key: string; locked_until: number | bigint | string | null }>(
    `INSERT INTO "login_throttle" ("key", "failures", "window_start", "locked_until") VALUES ${values}
     ON CONFLICT ("key") DO UPDATE SET
       "failures" = CASE WHEN ${locked} THEN "login_throttle"."failures" WHEN ${stale} THEN 1
                         ELSE "login_throttle"."failures" + 1 END,
       "window_start" = CASE WHEN ${locked} THEN "login_throttle"."window_start" WHEN ${stale} THEN $1
                             ELSE "login_throttle"."window_start" END,
       "locked_until" = CASE WHEN ${locked} THEN "login_throttle"."locked_until"
                             WHEN NOT ${stale} AND "login_throttle"."failures" + 1 > $3 THEN $4
                             ELSE NULL END
     RETURNING "key", "locked_until"`,
    now,
    now - policy.windowMs,
    policy.maxFailures,
    now + policy.lockMs,
    ...sorted,
  );
  const until = rows.map((row) => Number(row.locked_until ?? 0)).filter((value) => value > now);
  if (until.length === 0) return null;
  // A refused attempt is not held against the keys that were not locked.
  const free = rows.filter((row) => !(Number(row.locked_until ?? 0) > now)).map((row) => row.key);
  if (free.length > 0) await releaseLoginAttempt({ keys: free });
  return Math.max(...until);
}

/** Takes back an attempt counted by reserveLoginAttempt (it succeeded, or was refused). */
export async function releaseLoginAttempt({ keys }: { keys: string[] }): Promise<void> {
  await executeRaw(
    `UPDATE "login_throttle" SET "failures" = "failures" - 1 WHERE "key" IN (${placeholders(keys.length, 1)}) AND "failures" > 0`,
    ...keys,
  );
}

export async function clearLoginFailures({ keys }: { keys: string[] }): Promise<void> {
  await executeRaw(`DELETE FROM "login_throttle" WHERE "key" IN (${placeholders(keys.length, 1)})`, ...keys);
}
