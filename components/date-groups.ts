import type { ApiSession } from "@/lib/chat/api-session";

export type DateGroup = { label: string; sessions: ApiSession[] };

/** Groups conversations by when they were last used, in the reader's time zone. */
export function groupByDate(sessions: ApiSession[], now = new Date()): DateGroup[] {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const day = 24 * 60 * 60 * 1000;
  const labels = ["Today", "Yesterday", "Previous 7 days", "Older"] as const;
  const groups = new Map<string, ApiSession[]>(labels.map((label) => [label, []]));
  for (const session of sessions) {
    const time = new Date(session.updated_at).getTime();
    const label =
      time >= startOfToday
        ? "Today"
        : time >= startOfToday - day
          ? "Yesterday"
          : time >= startOfToday - 7 * day
            ? "Previous 7 days"
            : "Older";
    groups.get(label)?.push(session);
  }
  return labels
    .map((label) => ({ label, sessions: groups.get(label) ?? [] }))
    .filter((g) => g.sessions.length > 0);
}
