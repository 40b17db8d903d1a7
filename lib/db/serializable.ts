import "server-only";
import { inPostgresTransaction, type PostgresTransaction } from "./postgres-transaction";

const ATTEMPTS = 5;

/**
 * A serialization failure or deadlock (Postgres 40001 / 40P01). Prisma's Postgres adapter names
 * both TransactionWriteConflict; raw SQL (adapter-raw.ts) throws an error of its own with the
 * adapter's as its cause and Postgres's words in its message.
 */
function isWriteConflict(error: unknown): boolean {
  const adapterError = (error as { cause?: unknown })?.cause;
  const kinds = [adapterError, (adapterError as { cause?: unknown })?.cause].map(
    (cause) => (cause as { kind?: unknown } | undefined)?.kind,
  );
  const message = String((error as Error)?.message ?? "");
  return kinds.includes("TransactionWriteConflict") || /could not serialize|deadlock detected/i.test(message);
}

/**
 * Runs `work` in a serializable transaction on Postgres, again (up to five times, after a short
 * random pause) when the database refused it for a concurrent one: the way to use that isolation
 * level.
 */
export async function serializable<T>(work: (tx: PostgresTransaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inPostgresTransaction(work, "SERIALIZABLE");
    } catch (error) {
      if (attempt >= ATTEMPTS || !isWriteConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
