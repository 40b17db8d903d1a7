"use client";

import useSWR from "swr";
import type { ApiModel } from "@/lib/ai/api-model";
import type { ApiPreset } from "@/lib/chat/api-preset";
import { fetchJson } from "./fetch-json";

/** The models the user may pick (refreshed now and then: servers come and go). */
export function useModels() {
  const { data, error, isLoading, mutate } = useSWR(
    "/api/models",
    (url: string) => fetchJson<ApiModel[]>(url),
    {
      refreshInterval: 60_000,
    },
  );
  return { models: data ?? [], error: error as Error | undefined, loading: isLoading, refresh: mutate };
}

export function usePresets() {
  const { data, mutate } = useSWR("/api/presets", (url: string) => fetchJson<ApiPreset[]>(url));
  return { presets: data ?? [], mutate };
}
