"use client";

import { useCallback, useMemo } from "react";
import { useSWRConfig } from "swr";
import useSWRInfinite from "swr/infinite";
import type { ApiConversation } from "@/lib/chat/api-conversation";
import { fetchJson, request } from "./fetch-json";

export type ConversationPage = { conversations: ApiConversation[]; next: string | null };

const PAGE = 50;

async function fetchPage(url: string): Promise<ConversationPage> {
  const response = await request(url);
  return {
    conversations: (await response.json()) as ApiConversation[],
    next: response.headers.get("x-next-cursor"),
  };
}

function pageKey(index: number, previous: ConversationPage | null): string | null {
  if (index === 0) return `/api/sessions?limit=${PAGE}`;
  if (!previous?.next) return null;
  return `/api/sessions?limit=${PAGE}&cursor=${encodeURIComponent(previous.next)}`;
}

/**
 * The sidebar's conversations, a page at a time, starting from the page the server rendered; and
 * the changes a user makes to them, applied to the list at once.
 */
export function useConversationList(firstPage: ConversationPage) {
  const { data, size, setSize, mutate, isValidating } = useSWRInfinite(pageKey, fetchPage, {
    fallbackData: [firstPage],
    revalidateFirstPage: true,
    revalidateOnFocus: true,
  });
  const { mutate: refreshKey } = useSWRConfig();
  const pages = data ?? [firstPage];
  const hasMore = Boolean(pages.at(-1)?.next);

  const replaceIn = useCallback(
    (update: (list: ApiConversation[]) => ApiConversation[]) =>
      mutate((current) => current?.map((page) => ({ ...page, conversations: update(page.conversations) })), {
        revalidate: false,
      }),
    [mutate],
  );
  const loadMore = useCallback(async () => {
    if (hasMore) await setSize(size + 1);
  }, [hasMore, setSize, size]);
  const refresh = useCallback(async () => {
    await mutate();
  }, [mutate]);
  const rename = useCallback(
    async (id: string, title: string | null) => {
      const updated = await fetchJson<ApiConversation>(`/api/sessions/${id}`, {
        method: "PATCH",
        json: { title },
      });
      await replaceIn((list) => list.map((item) => (item.session_id === id ? updated : item)));
    },
    [replaceIn],
  );
  /** Moves a conversation to a folder, pins it or archives it: the lists are asked again, in their new order. */
  const organise = useCallback(
    async (id: string, changes: { folder_id?: string | null; pinned?: boolean; archived?: boolean }) => {
      await fetchJson<ApiConversation>(`/api/sessions/${id}`, { method: "PATCH", json: changes });
      await Promise.all([
        mutate(),
        refreshKey((key) => typeof key === "string" && key.startsWith("/api/sessions?")),
      ]);
    },
    [mutate, refreshKey],
  );
  const remove = useCallback(
    async (id: string) => {
      await fetchJson(`/api/sessions/${id}`, { method: "DELETE" }).catch((error) => {
        // Already gone is what was asked for.
        if ((error as { status?: number }).status !== 404) throw error;
      });
      await replaceIn((list) => list.filter((item) => item.session_id !== id));
    },
    [replaceIn],
  );

  // One object that changes only with the list, so that what depends on it does not run again for nothing.
  return useMemo(
    () => ({
      conversations: pages.flatMap((page) => page.conversations),
      hasMore,
      loading: isValidating,
      loadMore,
      refresh,
      rename,
      organise,
      remove,
    }),
    [pages, hasMore, isValidating, loadMore, refresh, rename, organise, remove],
  );
}
