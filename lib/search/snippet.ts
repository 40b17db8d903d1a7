import { HIGHLIGHT_END, HIGHLIGHT_START } from "./query";
import { hasCjk } from "./segment";

/** A character as the indexes compare it: lower case, without diacritics. */
function fold(character: string): string {
  return character.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;
const WORD_OR_MARK = /[\p{L}\p{N}\p{M}]/u;

/** True when `index` is the start of a word, as the indexes see it (every CJK character is one). */
function startsWord(text: string, index: number): boolean {
  if (index === 0) return true;
  const unit = text.charCodeAt(index - 1);
  const previous = unit >= 0xdc00 && unit <= 0xdfff ? text.slice(index - 2, index) : text[index - 1];
  return !WORD_CHARACTER.test(previous as string) || hasCjk(previous as string);
}

/** Where the word going on at `index` ends (a prefix match is highlighted as its whole word). */
function endOfWord(text: string, index: number): number {
  let end = index;
  while (end < text.length) {
    const character = String.fromCodePoint(text.codePointAt(end) as number);
    if (!WORD_OR_MARK.test(character) || hasCjk(character)) break;
    end += character.length;
  }
  return end;
}

/**
 * The [start, end) ranges of `text` that the search terms match, in order: a term matches a word
 * it begins ("kubern": all of "Kubernetes"), or anywhere when it is Chinese or Japanese.
 */
export function matchRanges(text: string, terms: string[]): [number, number][] {
  // The folded text, with the span of the original character behind each of its code units.
  let folded = "";
  const spans: [number, number][] = [];
  let offset = 0;
  for (const character of text) {
    const foldedCharacter = fold(character);
    for (let unit = 0; unit < foldedCharacter.length; unit++) spans.push([offset, offset + character.length]);
    folded += foldedCharacter;
    offset += character.length;
  }

  const ranges: [number, number][] = [];
  for (const term of terms) {
    const needle = [...term].map(fold).join("");
    if (needle === "") continue;
    const anywhere = hasCjk(needle);
    for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + 1)) {
      const start = (spans[at] as [number, number])[0];
      if (!anywhere && !startsWord(text, start)) continue;
      const end = (spans[at + needle.length - 1] as [number, number])[1];
      ranges.push([start, anywhere ? end : endOfWord(text, end)]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/**
 * A short passage of `text` around its first match, with the matches between highlight markers and
 * runs of white space made one space; null when nothing in it matches.
 */
export function markedSnippet(text: string, terms: string[], length = 200): string | null {
  const ranges = matchRanges(text, terms);
  const first = ranges[0];
  if (!first) return null;
  let start = Math.max(0, first[0] - Math.floor(length / 4));
  if (start > 0) {
    // Begin at a word, when there is a space close enough before the match.
    const space = text.slice(start, first[0]).search(/\s/);
    if (space !== -1) start += space + 1;
  }
  let end = Math.min(text.length, Math.max(start + length, first[1]));
  if (end < text.length) {
    const space = text.slice(first[1], end).search(/\s\S*$/);
    if (space !== -1) end = first[1] + space;
  }
  let marked = start > 0 ? "…" : "";
  let at = start;
  for (const [from, to] of ranges) {
    if (to <= start || from >= end) continue;
    const clippedFrom = Math.max(from, start);
    const clippedTo = Math.min(to, end);
    marked +=
      text.slice(at, clippedFrom) + HIGHLIGHT_START + text.slice(clippedFrom, clippedTo) + HIGHLIGHT_END;
    at = clippedTo;
  }
  marked += text.slice(at, end) + (end < text.length ? "…" : "");
  return marked.replace(/\s+/g, " ").trim();
}
