"use client";

import useSWRInfinite from "swr/infinite";
import type { ApiAuditEvent } from "@/lib/admin/api-audit-event";
import { request } from "@/lib/client/fetch-json";
import { Button } from "../ui/button";
import { FormError } from "../ui/form-error";

type AuditPage = { events: ApiAuditEvent[]; next: string | null };

async function fetchPage(url: string): Promise<AuditPage> {
  const response = await request(url);
  return { events: (await response.json()) as ApiAuditEvent[], next: response.headers.get("x-next-cursor") };
}

const formatTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** The audit log, newest first, with older pages loaded on demand. */
export function AuditLog({
  initialEvents,
  initialCursor,
}: {
  initialEvents: ApiAuditEvent[];
  initialCursor: string | null;
}) {
  const { data, size, setSize, isValidating, error } = useSWRInfinite(
    (index, previous: AuditPage | null) =>
      index === 0
        ? "/api/admin/audit"
        : previous?.next
          ? `/api/admin/audit?cursor=${encodeURIComponent(previous.next)}`
          : null,
    fetchPage,
    {
      fallbackData: [{ events: initialEvents, next: initialCursor }],
      revalidateFirstPage: false,
      revalidateOnFocus: false,
    },
  );
  const pages = data ?? [];
  const events = pages.flatMap((page) => page.events);
  const more = Boolean(pages.at(-1)?.next);

  return (
    <section aria-labelledby="audit-heading" className="flex flex-col gap-3">
      <h2 id="audit-heading" className="font-semibold text-lg">
        Audit log
      </h2>
      <div className="overflow-x-auto">
        <table aria-labelledby="audit-heading" className="w-full text-left text-sm">
          <thead className="text-neutral-500 text-xs">
            <tr>
              <th className="py-1 pr-3">Time</th>
              <th className="py-1 pr-3">Event</th>
              <th className="py-1 pr-3">By</th>
              <th className="py-1 pr-3">User</th>
              <th className="py-1 pr-3">Address</th>
              <th className="py-1">Detail</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-neutral-200 dark:divide-neutral-800">
            {events.map((event) => (
              <tr key={event.id}>
                <td className="whitespace-nowrap py-1 pr-3">
                  <time dateTime={event.at}>{formatTime(event.at)}</time>
                </td>
                <td className="py-1 pr-3">{event.action}</td>
                <td className="py-1 pr-3">{event.actor ?? ""}</td>
                <td className="py-1 pr-3">{event.target ?? ""}</td>
                <td className="py-1 pr-3">{event.address ?? ""}</td>
                <td className="py-1">{event.detail ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FormError message={error ? "Could not load older events. Try again." : null} />
      {more && (
        <Button
          variant="ghost"
          className="self-start"
          onClick={() => void setSize(size + 1)}
          disabled={isValidating}
        >
          {isValidating ? "Loading…" : "Show older events"}
        </Button>
      )}
    </section>
  );
}
