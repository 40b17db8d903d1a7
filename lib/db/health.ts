import "server-only";
import { log } from "@/lib/log/logger.mjs";
import { db } from "./client";

export async function isDatabaseReachable(): Promise<boolean> {
  try {
    await db().$queryRaw`SELECT 1`;
    return true;
  } catch (error) {
    log.error({ error: (error as Error).message }, "database health check failed");
    return false;
  }
}
