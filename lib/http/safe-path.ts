/**
 * `next` as a path on this site to return to after logging in, or null: only a relative path
 * that stays on this origin ("/interact_history/…", never "//evil.example" or "/\\evil.example").
 */
export function safeReturnPath(next: string | null | undefined): string | null {
  if (!next || next.length > 2_000 || !next.startsWith("/") || next.includes("\\")) return null;
  // No control characters either: browsers drop some of them, which can turn a path into a host.
  if ([...next].some((character) => character.charCodeAt(0) < 0x20)) return null;
  const base = "http://return.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return null;
  }
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : null;
}
