/** A 24×24 outline icon drawn with the text colour; decorative, so the button around it is labelled. */
export function StrokeIcon({ path, className = "size-4" }: { path: string; className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      className={className}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d={path} />
    </svg>
  );
}
