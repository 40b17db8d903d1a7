import { segmentForSearch } from "./segment";

/** The words of a search, as the full-text indexes see them: runs of letters and digits. */
export function searchTerms(q: string): string[] {
  const words =
    q
      .normalize("NFC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, 8);
}

/** A term as the index has it: one word, or for Chinese or Japanese a phrase of its characters. */
function wordsOf(term: string): string[] {
  return segmentForSearch(term).split(/\s+/).filter(Boolean);
}

/**
 * FTS5: every term must match, as a prefix ("kubern" finds "Kubernetes"), CJK as a phrase, in
 * `columns`; and the row's owner column must hold the owner's token (migration 0011).
 */
export function fts5Match(terms: string[], { owner, columns }: { owner: string; columns: string[] }): string {
  const words = terms.map((term) => `"${wordsOf(term).join(" ")}"*`).join(" AND ");
  return `owner : "${owner}" AND {${columns.join(" ")}} : (${words})`;
}

/**
 * Postgres: the same, as a tsquery of the owner's words: the index holds each word of a user's as
 * '~<user id>:<word>' (migration 0011).
 */
export function ownedTsQuery(owner: string, terms: string[]): string {
  const lexeme = (word: string) => `'${`~${owner}:${word}`.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
  return terms
    .map((term) => {
      const words = wordsOf(term);
      const phrase = words.map((word, index) => `${lexeme(word)}${index === words.length - 1 ? ":*" : ""}`);
      return phrase.length === 1 ? phrase[0] : `(${phrase.join(" <-> ")})`;
    })
    .join(" & ");
}

export const HIGHLIGHT_START = "\u0001";
export const HIGHLIGHT_END = "\u0002";

/** Turns a snippet with highlight markers into plain text and [start, end) ranges. */
export function splitHighlights(marked: string): { text: string; highlights: [number, number][] } {
  let text = "";
  const highlights: [number, number][] = [];
  let start = -1;
  for (const char of marked) {
    if (char === HIGHLIGHT_START) start = text.length;
    else if (char === HIGHLIGHT_END) {
      if (start >= 0 && text.length > start) highlights.push([start, text.length]);
      start = -1;
    } else text += char;
  }
  return { text, highlights };
}
