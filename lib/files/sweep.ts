import "server-only";
import { sweepUnsentFiles } from "@/lib/db/files";
import { log } from "@/lib/log/logger.mjs";

const DAY_MS = 24 * 60 * 60 * 1000;
const EVERY_MS = 60 * 60 * 1000;

/** Deletes the uploads never sent that are a day old, a batch at a time; how many went. */
export async function sweepOldUploads(now = Date.now()): Promise<number> {
  const before = new Date(now - DAY_MS);
  let total = 0;
  for (;;) {
    const deleted = await sweepUnsentFiles({ before });
    total += deleted;
    if (deleted === 0) return total;
  }
}

/** Sweeps at start and then every hour, in the background; each instance does, which is harmless. */
export function startUploadSweeper(): void {
  const sweep = () =>
    sweepOldUploads().catch((error) =>
      log.warn({ error: (error as Error).message }, "sweeping old uploads failed"),
    );
  void sweep();
  setInterval(sweep, EVERY_MS).unref();
}
