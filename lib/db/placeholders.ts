/**
 * SQL is written once with Postgres's $1, $2… placeholders, for either database. These are the two
 * things done with them: lists of them, and their translation into SQLite's ?.
 */

/** `$from, $from+1, …`: `count` placeholders, for a list of values in an IN (…) or a row of an INSERT. */
export const placeholders = (count: number, from = 1): string =>
  Array.from({ length: count }, (_, index) => `$${from + index}`).join(", ");

// What each SQL text's placeholders become, kept: the translation ran for every statement, about
// a seventh of what SQLite itself takes for a reply's (README, Performance). The app's statements
// are few; a text that is one of many (a list of placeholders of every length) makes room.
const TRANSLATIONS_KEPT = 500;
const translations = new Map<string, { text: string; order: number[] }>();

function translated(sql: string): { text: string; order: number[] } {
  let known = translations.get(sql);
  if (!known) {
    const order: number[] = [];
    const text = sql.replace(/\$(\d+)/g, (_, index: string) => {
      order.push(Number(index) - 1);
      return "?";
    });
    known = { text, order };
    if (translations.size >= TRANSLATIONS_KEPT)
      translations.delete(translations.keys().next().value as string);
    translations.set(sql, known);
  }
  return known;
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
  const { text, order } = translated(sql);
  return [text, order.map((index) => toValue(params[index]))];
}
