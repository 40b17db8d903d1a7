// Times as the reader reads them: in their own time zone and language.

/** "14:05", or "Tue 14:05" / "3 Dec, 14:05" when it is not today. */
export function localTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const time = date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  if (date.toDateString() === now.toDateString()) return time;
  const inAWeek = date.getTime() - now.getTime() < 6 * 86_400_000 && date > now;
  const day = inAWeek
    ? date.toLocaleDateString(undefined, { weekday: "short" })
    : date.toLocaleDateString(undefined, { day: "numeric", month: "short" });
  return `${day} ${time}`;
}

/** "12 s", "1 min 5 s": how long a model thought. */
export function duration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min${seconds % 60 ? ` ${seconds % 60} s` : ""}`;
}
