/**
 * SQL is written once with Postgres's $1, $2… placeholders, for either database. These are the two
 * things done with them: lists of them, and their translation into SQLite's ?.
 */

/** `$from, $from+1, …`: `count` placeholders, for a list of values in an IN (…) or a row of an INSERT. */
export const placeholders = (count: number, from = 1): string =>
  Array.from({ length: count }, (_, index) => `$${from + index}`).join(", ");

/**
 * For SQLite: each placeholder becomes a ? and the parameters follow the order they appear in,
 * repeats included, each passed through `toValue`.
 */
export function withQuestionMarks(
  sql: string,
  params: unknown[],
  toValue: (value: unknown) => unknown = (value) => value,
): [string, unknown[]] {
  const ordered: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, index: string) => {
    ordered.push(toValue(params[Number(index) - 1]));
    return "?";
  });
  return [text, ordered];
}
