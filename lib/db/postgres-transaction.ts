import "server-only";
import type { IsolationLevel, Transaction } from "@prisma/driver-adapter-utils";
import { adapterExecuteRaw } from "./adapter-raw";
import { openPostgres } from "./client";

export type PostgresTransaction = Transaction;

/**
 * Runs `work` in one transaction on a connection of the adapter's pool, without Prisma's client
 * (whose transactions load its query compiler: README, Performance): committed when `work`
 * returns, rolled back when it or the commit throws. The adapter's commit() and rollback() only
 * give the connection back, so the COMMIT and ROLLBACK are sent here, as the client sends them.
 * Each statement is bounded by the pool's statement timeout.
 */
export async function inPostgresTransaction<T>(
  work: (tx: PostgresTransaction) => Promise<T>,
  isolationLevel?: IsolationLevel,
): Promise<T> {
  const tx = await (await openPostgres()).startTransaction(isolationLevel);
  try {
    const result = await work(tx);
    await adapterExecuteRaw(tx, "COMMIT", []);
    await tx.commit();
    return result;
  } catch (error) {
    // A failed statement or commit leaves the transaction aborted; a lost connection refuses the
    // ROLLBACK too, and the pool drops that connection.
    await adapterExecuteRaw(tx, "ROLLBACK", []).catch(() => undefined);
    await tx.rollback();
    throw error;
  }
}
