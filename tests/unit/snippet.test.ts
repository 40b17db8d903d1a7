import { describe, expect, it } from "vitest";
import { HIGHLIGHT_END as E, HIGHLIGHT_START as S, splitHighlights } from "@/lib/search/query";
import { markedSnippet, matchRanges } from "@/lib/search/snippet";

function highlighted(text: string, terms: string[]): string[] {
  return matchRanges(text, terms).map(([start, end]) => text.slice(start, end));
}

describe("matchRanges", () => {
  it("matches a term at the start of a word and highlights the whole word", () => {
    expect(highlighted("Kubernetes and kubectl; not minikubernetes", ["kube"])).toEqual([
      "Kubernetes",
      "kubectl",
    ]);
  });

  it("ignores case and diacritics as the indexes do", () => {
    expect(highlighted("Un café, deux CAFÉS, İstanbul", ["cafe", "istan"])).toEqual([
      "café",
      "CAFÉS",
      "İstanbul",
    ]);
  });

  it("finds Chinese and Japanese anywhere in a run, and a word right after one", () => {
    expect(highlighted("我喜欢北京和Kubernetes", ["北京", "kube"])).toEqual(["北京", "Kubernetes"]);
    expect(highlighted("𠀀北京", ["北京"])).toEqual(["北京"]);
  });

  it("merges overlapping matches", () => {
    expect(matchRanges("kubernetes", ["kube", "kubern"])).toEqual([[0, 10]]);
  });
});

describe("markedSnippet", () => {
  it("shows the passage around the first match, cut at words, with one space for each run of white space", () => {
    const text = `${"lorem ipsum ".repeat(30)}the\n\nneedle   is here ${"dolor sit ".repeat(30)}`;
    const marked = markedSnippet(text, ["needle"]) as string;
    expect(marked.startsWith("…")).toBe(true);
    expect(marked.endsWith("…")).toBe(true);
    expect(marked).toContain(`the ${S}needle${E} is here`);
    expect(marked.length).toBeLessThanOrEqual(205);
    const { text: plain, highlights } = splitHighlights(marked);
    expect(highlights.map(([start, end]) => plain.slice(start, end))).toEqual(["needle"]);
  });

  it("is the whole text when short, and null without a match", () => {
    expect(markedSnippet("a short note", ["note"])).toBe(`a short ${S}note${E}`);
    expect(markedSnippet("a short note", ["absent"])).toBeNull();
  });
});
