import { describe, expect, it } from "vitest";
import {
  fts5Match,
  HIGHLIGHT_END,
  HIGHLIGHT_START,
  ownedTsQuery,
  searchTerms,
  splitHighlights,
} from "@/lib/search/query";
import { segmentForSearch } from "@/lib/search/segment";

describe("searchTerms", () => {
  it("keeps words of any script, lower-cased, without syntax", () => {
    expect(searchTerms('Kubern* "deploy" OR NEAR(x) Straße φιλο 東京')).toEqual([
      "kubern",
      "deploy",
      "or",
      "near",
      "x",
      "straße",
      "φιλο",
      "東京",
    ]);
    expect(searchTerms("  !!! ''' ")).toEqual([]);
  });

  it("drops repeats and keeps at most eight words", () => {
    expect(searchTerms("a a b")).toEqual(["a", "b"]);
    expect(searchTerms("one two three four five six seven eight nine ten")).toHaveLength(8);
  });

  it("builds prefix queries for FTS5 and Postgres", () => {
    expect(fts5Match(["kubern", "deploy"], { owner: "u0123", columns: ["content"] })).toBe(
      'owner : "u0123" AND {content} : ("kubern"* AND "deploy"*)',
    );
    expect(ownedTsQuery("u1", ["kubern", "deploy"])).toBe("'~u1:kubern':* & '~u1:deploy':*");
  });
});

describe("splitHighlights", () => {
  it("turns markers into plain text and ranges", () => {
    const marked = `Run ${HIGHLIGHT_START}Kubernetes${HIGHLIGHT_END} on ${HIGHLIGHT_START}k8s${HIGHLIGHT_END}`;
    const { text, highlights } = splitHighlights(marked);
    expect(text).toBe("Run Kubernetes on k8s");
    expect(highlights.map(([start, end]) => text.slice(start, end))).toEqual(["Kubernetes", "k8s"]);
  });

  it("leaves markup in the text alone: it is text", () => {
    expect(splitHighlights("<b>hi</b>")).toEqual({ text: "<b>hi</b>", highlights: [] });
  });
});

describe("Chinese and Japanese", () => {
  it("searches a run of characters as a phrase of them, next to the other words", () => {
    expect(fts5Match(["北京", "kubern"], { owner: "u0123", columns: ["title", "summary"] })).toBe(
      'owner : "u0123" AND {title summary} : ("北 京"* AND "kubern"*)',
    );
    expect(ownedTsQuery("u1", ["北京", "kubern"])).toBe("('~u1:北' <-> '~u1:京':*) & '~u1:kubern':*");
    expect(ownedTsQuery("u1", ["東"])).toBe("'~u1:東':*");
  });

  it("sets each character apart for the index, and leaves other text alone", () => {
    expect(segmentForSearch("我喜欢Kubernetes")).toBe(" 我  喜  欢 Kubernetes");
    expect(segmentForSearch("東京タワー")).toBe(" 東  京  タ  ワ  ー ");
    expect(segmentForSearch("서울에서 naïve text")).toBe("서울에서 naïve text");
    expect(segmentForSearch("𠀀")).toBe(" 𠀀 ");
    expect(segmentForSearch(null)).toBeNull();
  });
});
