import "server-only";
import type { SessionUser } from "@/lib/db/auth-sessions";
import { type QuotaUse, reserveReply } from "@/lib/db/usage";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const DAY_MS = 24 * 60 * 60 * 1000;

const plural = (count: number, word: string) =>
  `${count.toLocaleString("en")} ${word}${count === 1 ? "" : "s"}`;

function describeWait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 60) return plural(minutes, "minute");
  const rest = minutes % 60;
  return `${plural(Math.floor(minutes / 60), "hour")}${rest ? ` ${plural(rest, "minute")}` : ""}`;
}

/** When enough of the window's use will have turned a day old for the next reply to be allowed. */
function freeAt(uses: QuotaUse[], limits: { repliesPerDay?: number; tokensPerDay?: number }): number {
  const replies = uses.filter((use) => use.reply);
  let at = 0;
  if (limits.repliesPerDay !== undefined && replies.length >= limits.repliesPerDay) {
    at = Math.max(at, (replies[replies.length - limits.repliesPerDay] as QuotaUse).at);
  }
  if (limits.tokensPerDay !== undefined) {
    let tokens = uses.reduce((sum, use) => sum + use.tokens, 0);
    for (const use of uses) {
      if (tokens < limits.tokensPerDay) break;
      tokens -= use.tokens;
      at = Math.max(at, use.at);
    }
  }
  return at + DAY_MS;
}

/**
 * Counts a reply against its user's quotas (MESSAGES_PER_DAY replies, TOKENS_PER_DAY tokens, in
 * any 24 hours) in the ledger, or refuses it with 429, saying when the user can go on. Every model
 * call a user asks for comes through here: a message, a regeneration, an edit.
 */
export async function reserveReplyQuota({
  user,
  replyId,
  model,
}: {
  user: SessionUser;
  replyId: string;
  model: string | null;
}): Promise<void> {
  const limits = { repliesPerDay: env().MESSAGES_PER_DAY, tokensPerDay: env().TOKENS_PER_DAY };
  const now = Date.now();
  const result = await reserveReply({
    row: { id: replyId, userId: user.id, apiTokenId: user.tokenId ?? null, model },
    limits,
    since: now - DAY_MS,
  });
  if (result.reserved) return;
  const at = freeAt(result.uses, limits);
  const wait = Math.max(1_000, at - now);
  const replies = result.uses.filter((use) => use.reply).length;
  const overReplies = limits.repliesPerDay !== undefined && replies >= limits.repliesPerDay;
  const used = overReplies
    ? `You have sent ${plural(limits.repliesPerDay as number, "message")} in the last 24 hours`
    : `You have used ${plural(limits.tokensPerDay as number, "token")} in the last 24 hours`;
  throw new AppError(
    "rate_limit:quota",
    `${used}, the most allowed. You can chat again in ${describeWait(wait)}.`,
    { retryAfterSeconds: Math.ceil(wait / 1000), retryAt: new Date(at) },
  );
}
