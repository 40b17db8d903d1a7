/** Text with some ranges marked; the text is never parsed as HTML. */
export function HighlightedText({ text, highlights }: { text: string; highlights: [number, number][] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const [start, end] of highlights) {
    if (start < at || end > text.length) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <mark key={start} className="rounded bg-yellow-200 px-0.5 text-inherit dark:bg-yellow-700/60">
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}
