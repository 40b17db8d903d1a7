import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { isDatabaseUnavailable } from "./unavailable";

/**
 * Runs `write` until it succeeds, trying again while the database is unreachable, for up to
 * `forMs` in all (waits of 250 ms growing to 5 s); any other error, or the last one, is thrown.
 */
export async function retryWhileUnavailable<T>(
  write: () => Promise<T>,
  { forMs, onRetry }: { forMs: number; onRetry?: (error: Error) => void },
): Promise<T> {
  const until = Date.now() + forMs;
  let wait = 250;
  for (;;) {
    try {
      return await write();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + wait > until) throw error;
      onRetry?.(error as Error);
      await sleep(wait);
      wait = Math.min(wait * 2, 5_000);
    }
  }
}
