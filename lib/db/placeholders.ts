import { recentlyUsed } from "./recently-used";

/**
 * SQL is written once with Postgres's $1, $2… placeholders, for either database. These are the two
 * things done with them: lists of them, and their translation into SQLite's ?.
 */

/** `$from, $from+1, …`: `count` placeholders, for a list of values in an IN (…) or a row of an INSERT. */
export const placeholders = (count: number, from = 1): string =>
  Array.from({ length: count }, (_, index) => `$${from + index}`).join(", ");

// What each SQL text's placeholders become, kept: translating them for every statement cost about
// a tenth of what SQLite itself takes for a reply's (docs/performance-history.md).
const translations = recentlyUsed<{ text: string; order: number[] }>(500);

function translate(sql: string): { text: string; order: number[] } {
  const order: number[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, index: string) => {
    order.push(Number(index) - 1);
    return "?";
  });
  return { text, order };
}

/**
 * For SQLite: each placeholder becomes a ? and the parameters follow the order they appear in,
 * repeats included, each passed through `toValue`.
 */
export function withQuestionMarks(
  sql: string,
  params: unknown[],
  toValue: (value: unknown) => unknown = (value) => value,
): [string, unknown[]] {
  const { text, order } = translations.get(sql, () => translate(sql));
  return [text, order.map((index) => toValue(params[index]))];
}
