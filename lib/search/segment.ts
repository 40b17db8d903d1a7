// Chinese and Japanese are written without spaces, so a full-text index sees a whole run such as
// 我喜欢北京 as one word and a search for 北京 finds nothing. Before indexing, and in queries, each
// such character becomes a word of its own; a search for a run of them is then a phrase of adjacent
// characters, which finds it inside any longer run. Korean separates its words with spaces and is
// left as it is. Postgres applies the same rule in SQL (migration 0008): keep the two ranges alike.

/** Hiragana, Katakana, CJK ideographs (with extension A, compatibility forms, extensions B on). */
const CJK =
  "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff66-\\uff9f\\u{20000}-\\u{2fa1f}";

const CJK_CHARACTER = new RegExp(`[${CJK}]`, "u");
const EACH_CJK_CHARACTER = new RegExp(`[${CJK}]`, "gu");

export function hasCjk(text: string): boolean {
  return CJK_CHARACTER.test(text);
}

/** The text as the full-text index should read it: every CJK character set apart by spaces. */
export function segmentForSearch(text: string): string;
export function segmentForSearch(text: string | null): string | null;
export function segmentForSearch(text: string | null): string | null {
  if (text === null || !hasCjk(text)) return text;
  return text.replace(EACH_CJK_CHARACTER, " $& ");
}

/** The SQLite function the search index's triggers and views call (see migration 0008). */
export const SQLITE_SEGMENT_FUNCTION = "fts_segment";

type SqliteConnection = {
  function(name: string, options: { deterministic: boolean }, fn: (text: unknown) => unknown): unknown;
};

/** Every SQLite connection that reads or writes messages must have it: the app's, the CLI's, tools'. */
export function registerSqliteSearchFunctions(connection: SqliteConnection): void {
  connection.function(SQLITE_SEGMENT_FUNCTION, { deterministic: true }, (text) =>
    typeof text === "string" ? segmentForSearch(text) : text,
  );
}
