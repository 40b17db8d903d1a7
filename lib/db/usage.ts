import "server-only";
import { env } from "@/lib/env";
import { uuidv7, uuidv7Floor } from "@/lib/ids";
import { atomically, rows, run } from "./atomic";
import { providerOf } from "./provider";
import { executeRaw, queryRaw } from "./raw";
import { batchedExecuteRaw } from "./write-batch";

export type UsageKind = "reply" | "summary";

export type QuotaLimits = { repliesPerDay?: number; tokensPerDay?: number };

/** What counts against a quota in the window: each reply, and the tokens of every call. */
export type QuotaUse = { at: number; reply: boolean; tokens: number };

type LedgerRow = { id: string; userId: string; apiTokenId: string | null; model: string | null };

const INSERT_REPLY = `INSERT INTO "usage_records" ("id", "user_id", "api_token_id", "kind", "model", "created_at")
  VALUES ($1, $2, $3, 'reply', $4, $5)`;

/** The time inside a UUIDv7: the ledger's ids are the replies' and summaries' own. */
function timeOf(id: string): number {
  return Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16);
}

/**
 * Adds a reply to the ledger, unless the user's use since `since` has reached a limit: then nothing
 * is added and that use is returned, oldest first, for the caller to say when a place frees up.
 * With a limit, the check and the insert are one step for each user (SQLite's single writer, a
 * lock on Postgres), so that parallel requests cannot all pass a check made before any counted.
 */
export async function reserveReply({
  row,
  limits,
  since,
}: {
  row: LedgerRow;
  limits: QuotaLimits;
  since: number;
}): Promise<{ reserved: true } | { reserved: false; uses: QuotaUse[] }> {
  const insert = [
    INSERT_REPLY,
    row.id,
    row.userId,
    row.apiTokenId,
    row.model,
    new Date(timeOf(row.id)),
  ] as const;
  if (limits.repliesPerDay === undefined && limits.tokensPerDay === undefined) {
    await batchedExecuteRaw(...insert);
    return { reserved: true };
  }
  return atomically(
    function* () {
      const found = (yield rows(
        `SELECT "id", "kind", "prompt_tokens" + "completion_tokens" AS "tokens" FROM "usage_records"
         WHERE "user_id" = $1 AND "id" >= $2 ORDER BY "id"`,
        row.userId,
        uuidv7Floor(since),
      )) as { id: string; kind: string; tokens: number }[];
      const uses = found.map((use) => ({
        at: timeOf(use.id),
        reply: use.kind === "reply",
        tokens: Number(use.tokens),
      }));
      const replies = uses.filter((use) => use.reply).length;
      const tokens = uses.reduce((sum, use) => sum + use.tokens, 0);
      const over =
        (limits.repliesPerDay !== undefined && replies >= limits.repliesPerDay) ||
        (limits.tokensPerDay !== undefined && tokens >= limits.tokensPerDay);
      if (over) return { reserved: false as const, uses };
      yield run(...insert);
      return { reserved: true as const };
    },
    { lockFirst: `quota:${row.userId}` },
  );
}

/** Takes back a reservation whose reply could not be saved. */
export async function releaseReply({ id }: { id: string }): Promise<void> {
  await executeRaw(`DELETE FROM "usage_records" WHERE "id" = $1`, id);
}

/** Records a model call that is not a reply (a summary), with what it used. */
export async function recordUsage({
  userId,
  apiTokenId,
  model,
  promptTokens,
  completionTokens,
  estimated,
}: Omit<LedgerRow, "id"> & { promptTokens: number; completionTokens: number; estimated: boolean }) {
  const now = new Date();
  await executeRaw(
    `INSERT INTO "usage_records" ("id", "user_id", "api_token_id", "kind", "model", "prompt_tokens",
       "completion_tokens", "estimated", "created_at")
     VALUES ($1, $2, $3, 'summary', $4, $5, $6, $7, $8)`,
    uuidv7(now.getTime()),
    userId,
    apiTokenId,
    model,
    promptTokens,
    completionTokens,
    estimated,
    now,
  );
}

type UsageTotals = { prompt_tokens: number; completion_tokens: number; messages: number };

export type UsageReport = UsageTotals & {
  by_model: (UsageTotals & { model: string | null })[];
  by_day: (UsageTotals & { day: string })[];
  by_user?: (UsageTotals & { user_id: string; username: string | null })[];
};

const TOTALS = `coalesce(sum("prompt_tokens"), 0) AS "prompt_tokens", coalesce(sum("completion_tokens"), 0) AS "completion_tokens",
  sum(CASE WHEN "kind" = 'reply' THEN 1 ELSE 0 END) AS "messages"`;

function numbers<T extends UsageTotals>(row: T): T {
  return {
    ...row,
    prompt_tokens: Number(row.prompt_tokens),
    completion_tokens: Number(row.completion_tokens),
    messages: Number(row.messages ?? 0),
  };
}

/**
 * What model calls used since `since` (tokens, and replies as `messages`), in all, by model, by
 * day (UTC) and, for everyone, by user: one user's when `userId` is given, else the instance's.
 */
export async function usageReport({
  userId,
  since,
}: {
  userId?: string;
  since: number;
}): Promise<UsageReport> {
  const sqlite = providerOf(env().DATABASE_URL) === "sqlite";
  const day = sqlite ? `substr("created_at", 1, 10)` : `to_char("created_at", 'YYYY-MM-DD')`;
  const where = `"id" >= $1${userId ? ` AND "user_id" = $2` : ""}`;
  const params = [uuidv7Floor(since), ...(userId ? [userId] : [])];
  const [totals, byModel, byDay, byUser] = await Promise.all([
    queryRaw<UsageTotals>(`SELECT ${TOTALS} FROM "usage_records" WHERE ${where}`, ...params),
    queryRaw<UsageTotals & { model: string | null }>(
      `SELECT "model", ${TOTALS} FROM "usage_records" WHERE ${where} GROUP BY "model" ORDER BY 2 DESC`,
      ...params,
    ),
    queryRaw<UsageTotals & { day: string }>(
      `SELECT ${day} AS "day", ${TOTALS} FROM "usage_records" WHERE ${where} GROUP BY 1 ORDER BY 1`,
      ...params,
    ),
    userId
      ? Promise.resolve([] as (UsageTotals & { user_id: string; username: string | null })[])
      : queryRaw<UsageTotals & { user_id: string; username: string | null }>(
          `SELECT r."user_id", u."username", coalesce(sum(r."prompt_tokens"), 0) AS "prompt_tokens",
                  coalesce(sum(r."completion_tokens"), 0) AS "completion_tokens",
                  sum(CASE WHEN r."kind" = 'reply' THEN 1 ELSE 0 END) AS "messages"
           FROM "usage_records" r LEFT JOIN "users" u ON u."id" = r."user_id"
           WHERE r."id" >= $1 GROUP BY r."user_id", u."username" ORDER BY 3 DESC`,
          ...params,
        ),
  ]);
  return {
    ...numbers(totals[0] ?? { prompt_tokens: 0, completion_tokens: 0, messages: 0 }),
    by_model: byModel.map(numbers),
    by_day: byDay.map(numbers),
    ...(userId ? {} : { by_user: byUser.map(numbers) }),
  };
}
