import "server-only";
import { db } from "./client";

export type Transaction = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

// Prisma's code for a serialization failure or deadlock (Postgres 40001 / 40P01).
const WRITE_CONFLICT = "P2034";
const ATTEMPTS = 5;

function isWriteConflict(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  const message = String((error as Error)?.message ?? "");
  return (
    code === WRITE_CONFLICT ||
    /TransactionWriteConflict|40001|40P01|could not serialize|deadlock detected/i.test(message)
  );
}

/**
 * Runs `work` in a serializable transaction, again (up to five times, after a short random pause)
 * when the database refused it for a concurrent one: the way to use that isolation level.
 */
export async function serializable<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db().$transaction(work, { isolationLevel: "Serializable" });
    } catch (error) {
      if (attempt >= ATTEMPTS || !isWriteConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
