import "server-only";
import { clearLoginFailures, releaseLoginAttempt, reserveLoginAttempt } from "@/lib/db/login-throttle";
import { env } from "@/lib/env";
import { canonicalUsername } from "./username";

export class TooManyAttemptsError extends Error {
  constructor(lockedUntil: number, now: number) {
    const minutes = Math.max(1, Math.ceil((lockedUntil - now) / 60_000));
    super(`Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
    this.name = "TooManyAttemptsError";
  }
}

function policy() {
  return {
    maxFailures: env().LOGIN_MAX_FAILURES,
    windowMs: env().LOGIN_WINDOW_MINUTES * 60_000,
    lockMs: env().LOGIN_LOCK_MINUTES * 60_000,
  };
}

/**
 * Runs a password check under the brute-force limits. The attempt is counted against the account
 * (by its canonical name, so that lookalike spellings share one counter) and the client's address
 * before the password is checked; while either is locked even the right password is refused, with
 * the same message whether or not the user exists. A success clears the account's counter and
 * takes back its count against the address.
 */
export async function throttledLogin<T>(
  { username, address }: { username: string; address: string },
  check: () => Promise<T | null>,
): Promise<T | null> {
  const userKey = `user:${canonicalUsername(username)}`;
  const addressKey = `ip:${address}`;
  const now = Date.now();
  const lockedUntil = await reserveLoginAttempt({ keys: [userKey, addressKey], now, policy: policy() });
  if (lockedUntil !== null) throw new TooManyAttemptsError(lockedUntil, now);
  const result = await check();
  if (result !== null) {
    await clearLoginFailures({ keys: [userKey] });
    await releaseLoginAttempt({ keys: [addressKey] });
  }
  return result;
}
