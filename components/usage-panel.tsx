"use client";

import { useState } from "react";
import useSWR from "swr";
import { fetchJson } from "@/lib/client/fetch-json";
import type { UsageReport } from "@/lib/db/usage";
import { SelectField } from "./ui/select-field";

const PERIODS = [7, 30, 90];
const numberFormat = new Intl.NumberFormat();
const tokens = (row: { prompt_tokens: number; completion_tokens: number }) =>
  row.prompt_tokens + row.completion_tokens;

/** Every day of the period, oldest first, with the days nothing was used as zero. */
function everyDay(report: UsageReport, days: number) {
  const byDay = new Map(report.by_day.map((row) => [row.day, row]));
  const today = new Date();
  return Array.from({ length: days }, (_, index) => {
    const date = new Date(
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (days - 1 - index)),
    );
    const day = date.toISOString().slice(0, 10);
    return { day, tokens: tokens(byDay.get(day) ?? { prompt_tokens: 0, completion_tokens: 0 }) };
  });
}

function TokensPerDay({ report, days }: { report: UsageReport; days: number }) {
  const series = everyDay(report, days);
  const peak = Math.max(1, ...series.map((point) => point.tokens));
  const label = (day: string) =>
    new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
      month: "short",
      day: "numeric",
      timeZone: "UTC",
    });
  return (
    <figure className="flex flex-col gap-1">
      <figcaption className="text-neutral-600 text-xs dark:text-neutral-400">
        Tokens per day (UTC), highest {numberFormat.format(peak)}
      </figcaption>
      <ol
        className="flex h-32 items-end gap-px border-neutral-300 border-b dark:border-neutral-700"
        aria-label="Tokens per day"
      >
        {series.map((point) => (
          <li
            key={point.day}
            title={`${label(point.day)}: ${numberFormat.format(point.tokens)} tokens`}
            className="flex h-full flex-1 items-end"
          >
            <span className="sr-only">{`${label(point.day)}: ${numberFormat.format(point.tokens)} tokens`}</span>
            <span
              aria-hidden="true"
              className="w-full rounded-t-sm bg-blue-500 dark:bg-blue-400"
              style={{ height: `${(point.tokens / peak) * 100}%`, minHeight: point.tokens > 0 ? 2 : 0 }}
            />
          </li>
        ))}
      </ol>
      <div className="flex justify-between text-neutral-500 text-xs">
        <span>{label(series[0]?.day ?? "")}</span>
        <span>{label(series.at(-1)?.day ?? "")}</span>
      </div>
    </figure>
  );
}

function Breakdown({
  caption,
  rows,
}: {
  caption: string;
  rows: { key: string; name: string; prompt_tokens: number; completion_tokens: number; messages: number }[];
}) {
  if (rows.length === 0) return null;
  return (
    <table className="w-full text-sm">
      <caption className="mb-1 text-left font-medium">{caption}</caption>
      <thead className="text-left text-neutral-500 text-xs">
        <tr>
          <th className="py-1 font-normal">Name</th>
          <th className="py-1 text-right font-normal">Replies</th>
          <th className="py-1 text-right font-normal">Prompt</th>
          <th className="py-1 text-right font-normal">Completion</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-neutral-200 dark:divide-neutral-800">
        {rows.map((row) => (
          <tr key={row.key}>
            <td className="max-w-0 truncate py-1.5 pr-2">{row.name}</td>
            <td className="py-1.5 text-right tabular-nums">{numberFormat.format(row.messages)}</td>
            <td className="py-1.5 text-right tabular-nums">{numberFormat.format(row.prompt_tokens)}</td>
            <td className="py-1.5 text-right tabular-nums">{numberFormat.format(row.completion_tokens)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What model calls used over a period: totals, a chart of tokens per day, by model (and by user). */
export function UsagePanel({ scope }: { scope: "mine" | "everyone" }) {
  const [days, setDays] = useState(30);
  const url = `${scope === "mine" ? "/api/usage" : "/api/admin/usage"}?days=${days}`;
  const { data: report, error } = useSWR(url, (key: string) => fetchJson<UsageReport>(key), {
    keepPreviousData: true,
  });
  const id = `usage-${scope}`;
  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 id={`${id}-heading`} className="font-semibold text-lg">
            {scope === "mine" ? "Your usage" : "Usage"}
          </h2>
          <p className="text-neutral-600 text-sm dark:text-neutral-400">
            Tokens as the model servers reported them; estimated from the text's length where a server reports
            none.
          </p>
        </div>
        <SelectField
          id={`${id}-days`}
          label="Period"
          value={days}
          onChange={(event) => setDays(Number(event.target.value))}
        >
          {PERIODS.map((period) => (
            <option key={period} value={period}>
              Last {period} days
            </option>
          ))}
        </SelectField>
      </div>
      {error && (
        <p role="alert" className="text-red-700 text-sm dark:text-red-300">
          {(error as Error).message}
        </p>
      )}
      {report && (
        <>
          <dl className="grid grid-cols-3 gap-2 text-center">
            {[
              ["Replies", report.messages],
              ["Prompt tokens", report.prompt_tokens],
              ["Completion tokens", report.completion_tokens],
            ].map(([term, value]) => (
              <div key={term} className="rounded-lg bg-neutral-100 px-2 py-3 dark:bg-neutral-800/60">
                <dt className="text-neutral-600 text-xs dark:text-neutral-400">{term}</dt>
                <dd
                  className="font-semibold text-lg tabular-nums"
                  data-testid={`usage-${String(term).toLowerCase().replaceAll(" ", "-")}`}
                >
                  {numberFormat.format(Number(value))}
                </dd>
              </div>
            ))}
          </dl>
          <TokensPerDay report={report} days={days} />
          <Breakdown
            caption="By model"
            rows={report.by_model.map((row) => ({
              ...row,
              key: row.model ?? "",
              name: row.model ?? "(unknown)",
            }))}
          />
          {report.by_user && (
            <Breakdown
              caption="By user"
              rows={report.by_user.map((row) => ({
                ...row,
                key: row.user_id,
                name: row.username ?? "(deleted user)",
              }))}
            />
          )}
        </>
      )}
    </section>
  );
}
