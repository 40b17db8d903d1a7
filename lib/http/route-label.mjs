// @ts-check
// How a request's path is named in the logs and the metrics: ids and secrets in it become
// placeholders, and a path the app does not serve is "other", so that no client can make up names
// without end, nor have an id or a share link's secret written down.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * @param {string} pathname
 * @param {number} status
 * @returns {string}
 */
export function routeOf(pathname, status) {
  if (status === 404) return "other";
  if (pathname.startsWith("/_next/")) return "/_next";
  const segments = pathname
    .split("/")
    .slice(1, 6)
    .map((segment) =>
      UUID.test(segment)
        ? ":id"
        : segment.length > 40
          ? ":token"
          : segment.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 40),
    );
  // A share link's page and files: the segment after /share is its secret, whatever its length.
  if (segments[0] === "share" && segments.length > 1) segments[1] = ":token";
  return `/${segments.join("/")}`;
}
