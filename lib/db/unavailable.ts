import "server-only";

// What Prisma's driver adapters call a database that cannot be reached or that dropped the
// connection (their error's cause.kind), and Prisma's own codes for the same.
const UNREACHABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "DatabaseAccessDenied",
]);
const UNREACHABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// Node's socket errors, and Postgres's connection exceptions (class 08) and shutdowns (57P0x).
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);
const UNREACHABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /can't reach database server/i,
  /server closed the connection unexpectedly/i,
];

type Inspectable = {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: unknown } };
};

/**
 * Whether an error means the database is away (down, restarting, unreachable, out of connections),
 * not that the request was wrong: such a request is answered 503, and worth trying again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const candidate = current as Inspectable;
    if (typeof candidate.kind === "string" && UNREACHABLE_KINDS.has(candidate.kind)) return true;
    if (typeof candidate.code === "string") {
      const code = candidate.code;
      if (UNREACHABLE_PRISMA_CODES.has(code) || UNREACHABLE_CODES.has(code)) return true;
      if (/^08/.test(code) || /^57P0[1-3]$/.test(code)) return true;
      // better-sqlite3's own error when another process held SQLite's write lock past the wait
      // (Prisma's adapter reports the same as a SocketTimeout).
      if (code.startsWith("SQLITE_BUSY")) return true;
    }
    if (
      typeof candidate.message === "string" &&
      UNREACHABLE_MESSAGES.some((pattern) => pattern.test(candidate.message as string))
    )
      return true;
    current =
      candidate.meta?.driverAdapterError?.cause ?? candidate.meta?.driverAdapterError ?? candidate.cause;
  }
  return false;
}
