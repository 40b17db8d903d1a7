/**
 * A Content-Disposition header that no file name can break out of (RFC 6266): an ASCII fallback in
 * `filename` with anything unsafe replaced, and the exact name, percent-encoded, in `filename*`.
 */
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, "_").slice(0, 150) || "file";
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
