"use client";

import { useCallback } from "react";
import useSWR, { useSWRConfig } from "swr";
import type { ApiConversation } from "@/lib/chat/api-conversation";
import { fetchJson } from "./fetch-json";

export type ApiFolder = {
  id: string;
  name: string;
  parent_id: string | null;
  system_prompt: string | null;
  created_at: string;
};

export const folderConversationsKey = (folderId: string) => `/api/sessions?limit=50&folder_id=${folderId}`;
export const ARCHIVED_KEY = "/api/sessions?limit=50&archived=true";

/** The user's folders, and what changes them; every change refreshes what shows the folders. */
export function useFolders() {
  const { data, mutate } = useSWR("/api/folders", (url: string) => fetchJson<ApiFolder[]>(url));
  const { mutate: refreshKey } = useSWRConfig();
  // Every list of conversations by folder, and the Archived view, may have changed.
  const refreshLists = useCallback(
    () => refreshKey((key) => typeof key === "string" && key.startsWith("/api/sessions?")),
    [refreshKey],
  );
  const create = useCallback(
    async (name: string, parentId: string | null) => {
      await fetchJson("/api/folders", { method: "POST", json: { name, parent_id: parentId } });
      await mutate();
    },
    [mutate],
  );
  const remove = useCallback(
    async (id: string, deleteConversations: boolean) => {
      await fetchJson(`/api/folders/${id}${deleteConversations ? "?delete_conversations=true" : ""}`, {
        method: "DELETE",
      });
      await Promise.all([mutate(), refreshLists()]);
    },
    [mutate, refreshLists],
  );
  return { folders: data ?? [], create, remove, refreshLists };
}

/** The conversations in one folder (when it is open) or the archived ones. */
export function useConversationsAt(key: string | null) {
  const { data } = useSWR(key, (url: string) => fetchJson<ApiConversation[]>(url));
  return data ?? [];
}

/** The folders in the order they are shown: each followed by its own, with its depth. */
export function folderOutline(folders: ApiFolder[]): { folder: ApiFolder; depth: number }[] {
  const children = new Map<string | null, ApiFolder[]>();
  for (const folder of folders)
    children.set(folder.parent_id, [...(children.get(folder.parent_id) ?? []), folder]);
  const outline: { folder: ApiFolder; depth: number }[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const folder of children.get(parent) ?? []) {
      outline.push({ folder, depth });
      visit(folder.id, depth + 1);
    }
  };
  visit(null, 1);
  return outline;
}
