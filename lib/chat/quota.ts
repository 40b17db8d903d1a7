import "server-only";
import { getUserMessageTimesSince } from "@/lib/db/messages";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const DAY_MS = 24 * 60 * 60 * 1000;

function describeWait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours} hour${hours === 1 ? "" : "s"}${rest ? ` ${rest} minute${rest === 1 ? "" : "s"}` : ""}`;
}

/** Refuses a message past MESSAGES_PER_DAY in the last 24 hours, saying when the next one is allowed. */
export async function assertWithinQuota({ userId }: { userId: string }): Promise<void> {
  const limit = env().MESSAGES_PER_DAY;
  if (!limit) return;
  const now = Date.now();
  const times = await getUserMessageTimesSince({ userId, since: now - DAY_MS });
  if (times.length < limit) return;
  // The window frees a place when the oldest message that counts turns 24 hours old.
  const freeAt = (times[times.length - limit] as number) + DAY_MS;
  const wait = Math.max(1_000, freeAt - now);
  throw new AppError(
    "rate_limit:quota",
    `You have sent ${limit} messages in the last 24 hours, the most allowed. You can chat again in ${describeWait(wait)} (at ${new Date(freeAt).toISOString()}).`,
    Math.ceil(wait / 1000),
  );
}
