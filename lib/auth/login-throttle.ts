import "server-only";
import { clearLoginFailures, getLockedUntil, recordLoginFailure } from "@/lib/db/login-throttle";
import { env } from "@/lib/env";

export class TooManyAttemptsError extends Error {
  constructor(lockedUntil: number, now: number) {
    const minutes = Math.max(1, Math.ceil((lockedUntil - now) / 60_000));
    super(`Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
    this.name = "TooManyAttemptsError";
  }
}

function keysOf(username: string, address: string): string[] {
  return [`user:${username.toLowerCase()}`, `ip:${address}`];
}

function policy() {
  return {
    maxFailures: env().LOGIN_MAX_FAILURES,
    windowMs: env().LOGIN_WINDOW_MINUTES * 60_000,
    lockMs: env().LOGIN_LOCK_MINUTES * 60_000,
  };
}

/**
 * Runs a password check under the brute-force limits: while a username or an address is locked
 * even the right password is refused, with the same message whether or not the user exists.
 */
export async function throttledLogin<T>(
  { username, address }: { username: string; address: string },
  check: () => Promise<T | null>,
): Promise<T | null> {
  const keys = keysOf(username, address);
  const now = Date.now();
  const lockedUntil = await getLockedUntil({ keys, now });
  if (lockedUntil !== null) throw new TooManyAttemptsError(lockedUntil, now);
  const result = await check();
  if (result === null) {
    await recordLoginFailure({ keys, now, policy: policy() });
    return null;
  }
  await clearLoginFailures({ keys: keys.slice(0, 1) });
  return result;
}
