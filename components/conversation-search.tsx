"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import useSWR from "swr";
import { fetchJson } from "@/lib/client/fetch-json";
import type { ApiSearchHit } from "@/lib/search/api-search-hit";
import { HighlightedText } from "./highlighted-text";

/** Waits until the query has stopped changing for a moment, so that typing is not a request a key. */
function useSettled(value: string, ms = 200): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function SearchResults({ query }: { query: string }) {
  const settled = useSettled(query);
  const { data, error, isLoading } = useSWR(`/api/search?q=${encodeURIComponent(settled)}`, (url: string) =>
    fetchJson<ApiSearchHit[]>(url),
  );

  if (error)
    return <p className="px-3 py-4 text-red-600 text-sm dark:text-red-400">{(error as Error).message}</p>;
  if (isLoading || !data) return <p className="px-3 py-4 text-neutral-500 text-sm">Searching…</p>;
  if (data.length === 0) {
    return (
      <p className="px-3 py-4 text-neutral-500 text-sm dark:text-neutral-400">No conversation matches.</p>
    );
  }
  return (
    <ul aria-label="Search results" className="flex flex-col gap-0.5">
      {data.map((hit) => (
        <li key={hit.session_id}>
          <Link
            href={`/interact_history/${hit.session_id}${hit.message_id ? `?message=${hit.message_id}` : ""}`}
            className="block rounded-lg px-3 py-2 text-sm hover:bg-neutral-100 dark:hover:bg-neutral-800/60"
          >
            <span className="block truncate font-medium">{hit.title ?? hit.summary ?? "Untitled"}</span>
            {hit.snippet && (
              <span className="line-clamp-2 text-neutral-600 text-xs dark:text-neutral-400">
                <HighlightedText text={hit.snippet} highlights={hit.highlights} />
              </span>
            )}
          </Link>
        </li>
      ))}
    </ul>
  );
}
