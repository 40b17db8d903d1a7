"use client";

import { useState } from "react";
import useSWR, { useSWRConfig } from "swr";
import type { ApiAdminModel } from "@/lib/ai/api-model";
import { fetchJson } from "@/lib/client/fetch-json";
import { FormError } from "../ui/form-error";

/** Every model of every connection: which users may pick, what they are called, which is the default. */
export function ModelAdmin() {
  const { data: models = [], mutate } = useSWR("/api/admin/models", (url: string) =>
    fetchJson<ApiAdminModel[]>(url),
  );
  const { mutate: mutateKey } = useSWRConfig();
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState("");

  async function change(
    model: ApiAdminModel,
    changes: { enabled?: boolean; name?: string; default?: boolean },
  ) {
    try {
      await fetchJson(`/api/admin/models/${encodeURIComponent(model.id)}`, {
        method: "PATCH",
        json: changes,
      });
      setError(null);
    } catch (caught) {
      setError((caught as Error).message);
    }
    await Promise.all([mutate(), mutateKey("/api/models")]);
  }

  const needle = filter.trim().toLowerCase();
  const shown = models.filter(
    (model) => !needle || `${model.id} ${model.name} ${model.connection}`.toLowerCase().includes(needle),
  );

  return (
    <section aria-labelledby="models-heading" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 id="models-heading" className="font-semibold text-lg">
            Models
          </h2>
          <p className="text-neutral-600 text-sm dark:text-neutral-400">
            A model turned off is not offered and cannot be used. The default is used where a chat names none.
          </p>
        </div>
        {models.length > 8 && (
          <input
            type="search"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            aria-label="Filter models"
            placeholder="Filter models"
            className="h-9 rounded-lg border border-neutral-300 bg-transparent px-3 text-sm dark:border-neutral-700"
          />
        )}
      </div>
      <FormError message={error} />
      {models.length === 0 ? (
        <p className="text-neutral-500 text-sm">No models: add a connection above.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="text-left text-neutral-500 text-xs">
              <tr>
                <th className="py-1 pr-2 font-normal">On</th>
                <th className="py-1 pr-2 font-normal">Name shown</th>
                <th className="py-1 pr-2 font-normal">Id</th>
                <th className="py-1 pr-2 font-normal">Connection</th>
                <th className="py-1 font-normal">Default</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-neutral-200 dark:divide-neutral-800">
              {shown.map((model) => (
                <tr key={model.id} className={model.available ? "" : "text-neutral-500"}>
                  <td className="py-1.5 pr-2">
                    <input
                      type="checkbox"
                      checked={model.enabled}
                      aria-label={`Offer ${model.id}`}
                      onChange={(event) => void change(model, { enabled: event.target.checked })}
                    />
                  </td>
                  <td className="py-1.5 pr-2">
                    <input
                      key={model.name}
                      defaultValue={model.name}
                      aria-label={`Name of ${model.id}`}
                      maxLength={100}
                      onBlur={(event) => {
                        const name = event.target.value.trim();
                        if (name && name !== model.name) void change(model, { name });
                      }}
                      onKeyDown={(event) => {
                        if (event.key === "Enter") event.currentTarget.blur();
                      }}
                      className="w-full min-w-32 rounded border border-transparent bg-transparent px-1 py-0.5 hover:border-neutral-300 focus:border-blue-500 focus:outline-none dark:hover:border-neutral-700"
                    />
                  </td>
                  <td className="max-w-48 truncate py-1.5 pr-2 font-mono text-xs" title={model.id}>
                    {model.id}
                  </td>
                  <td className="py-1.5 pr-2" title={model.reason}>
                    {model.connection}
                    {!model.available && <span className="block text-xs">unavailable</span>}
                  </td>
                  <td className="py-1.5">
                    <input
                      type="radio"
                      name="default-model"
                      checked={model.default}
                      disabled={!model.enabled}
                      aria-label={`Make ${model.id} the default`}
                      onChange={() => void change(model, { default: true })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
