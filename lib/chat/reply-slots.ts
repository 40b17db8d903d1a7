import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** A place in a user's line of replies: `ready` settles when the reply may be written. */
export type ReplySlot = { ready: Promise<void>; release: () => void };

type Line = { running: number; waiting: (() => void)[] };

// Per instance: each instance bounds what one user can make it do at once.
const globalForLines = globalThis as unknown as { replyLines?: Map<string, Line> };
globalForLines.replyLines ??= new Map();
const lines = globalForLines.replyLines;

/** How many of the user's replies this instance is writing, and how many wait. */
export function replyLineOf(userId: string): { running: number; waiting: number } {
  const line = lines.get(userId);
  return { running: line?.running ?? 0, waiting: line?.waiting.length ?? 0 };
}

/**
 * Takes a place for one of the user's replies: at most MAX_CONCURRENT_REPLIES_PER_USER are written
 * at a time, and up to MAX_QUEUED_REPLIES_PER_USER more wait their turn, in order. Past that, 429.
 * A reply stopped while it waits leaves the line; `release` frees the place, once.
 */
export function takeReplySlot(userId: string, signal: AbortSignal): ReplySlot {
  const concurrent = env().MAX_CONCURRENT_REPLIES_PER_USER;
  const queued = env().MAX_QUEUED_REPLIES_PER_USER;
  const line = lines.get(userId) ?? { running: 0, waiting: [] };
  lines.set(userId, line);

  let state: "waiting" | "running" | "done" = "waiting";
  const release = () => {
    if (state === "running") {
      line.running--;
      line.waiting.shift()?.();
    } else if (state === "waiting") {
      line.waiting = line.waiting.filter((start) => start !== begin);
    }
    state = "done";
    if (line.running === 0 && line.waiting.length === 0) lines.delete(userId);
  };
  let begin = () => {};
  if (line.running < concurrent && line.waiting.length === 0) {
    line.running++;
    state = "running";
    return { ready: Promise.resolve(), release };
  }
  if (line.waiting.length >= queued) {
    if (line.running === 0 && line.waiting.length === 0) lines.delete(userId);
    throw new AppError(
      "rate_limit:replies",
      `You have ${concurrent} replies being written and ${queued} waiting, the most allowed: wait for some to finish.`,
      { retryAfterSeconds: 5 },
    );
  }
  const ready = new Promise<void>((resolve, reject) => {
    begin = () => {
      line.running++;
      state = "running";
      resolve();
    };
    line.waiting.push(begin);
    signal.addEventListener(
      "abort",
      () => {
        if (state !== "waiting") return;
        release();
        reject(signal.reason);
      },
      { once: true },
    );
  });
  ready.catch(() => {});
  return { ready, release };
}
