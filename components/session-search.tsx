"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { HighlightedText } from "./highlighted-text";

type SearchResult = {
  session_id: string;
  title: string | null;
  summary: string | null;
  snippet: string;
  highlights: [number, number][];
  message_id: string | null;
};

export function SearchResults({ query }: { query: string }) {
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/search?q=${encodeURIComponent(query)}`, {
          signal: controller.signal,
        });
        const body = await response.json();
        if (!response.ok) throw new Error(body.error ?? "Search failed.");
        setResults(body as SearchResult[]);
        setError(null);
      } catch (caught) {
        if (!controller.signal.aborted) setError((caught as Error).message);
      }
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  if (error) return <p className="px-3 py-4 text-red-600 text-sm dark:text-red-400">{error}</p>;
  if (results === null) return <p className="px-3 py-4 text-neutral-500 text-sm">Searching…</p>;
  if (results.length === 0) {
    return (
      <p className="px-3 py-4 text-neutral-500 text-sm dark:text-neutral-400">No conversation matches.</p>
    );
  }
  return (
    <ul aria-label="Search results" className="flex flex-col gap-0.5">
      {results.map((result) => (
        <li key={result.session_id}>
          <Link
            href={`/interact_history/${result.session_id}${result.message_id ? `?message=${result.message_id}` : ""}`}
            className="block rounded-lg px-3 py-2 text-sm hover:bg-neutral-100 dark:hover:bg-neutral-800/60"
          >
            <span className="block truncate font-medium">{result.title ?? result.summary ?? "Untitled"}</span>
            {result.snippet && (
              <span className="line-clamp-2 text-neutral-600 text-xs dark:text-neutral-400">
                <HighlightedText text={result.snippet} highlights={result.highlights} />
              </span>
            )}
          </Link>
        </li>
      ))}
    </ul>
  );
}
