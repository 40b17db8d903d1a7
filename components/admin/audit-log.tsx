"use client";

import { useState } from "react";
import type { ApiAuditEvent } from "@/lib/admin/api-audit-event";
import { Button } from "../ui/button";
import { FormError } from "../ui/form-error";

function formatTime(iso: string): string {
  return iso.replace("T", " ").slice(0, 19);
}

/** The audit log, newest first, with older pages loaded on demand. */
export function AuditLog({
  initialEvents,
  initialCursor,
}: {
  initialEvents: ApiAuditEvent[];
  initialCursor: string | null;
}) {
  const [events, setEvents] = useState(initialEvents);
  const [cursor, setCursor] = useState(initialCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function loadOlder() {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const response = await fetch(`/api/admin/audit?cursor=${encodeURIComponent(cursor)}`);
      if (!response.ok) throw new Error(`status ${response.status}`);
      const older = (await response.json()) as ApiAuditEvent[];
      setEvents((current) => [...current, ...older]);
      setCursor(response.headers.get("x-next-cursor"));
    } catch {
      setError("Could not load older events. Try again.");
    } finally {
      setLoading(false);
    }
  }

  return (
    <section aria-labelledby="audit-heading" className="flex flex-col gap-3">
      <h2 id="audit-heading" className="font-semibold text-lg">
        Audit log
      </h2>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-neutral-500 text-xs">
            <tr>
              <th className="py-1 pr-3">Time (UTC)</th>
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
                <td className="whitespace-nowrap py-1 pr-3">{formatTime(event.at)}</td>
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
      <FormError message={error} />
      {cursor && (
        <Button variant="ghost" className="self-start" onClick={loadOlder} disabled={loading}>
          {loading ? "Loading…" : "Show older events"}
        </Button>
      )}
    </section>
  );
}
