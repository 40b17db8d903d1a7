import "server-only";
import { log } from "@/lib/log/logger.mjs";
import { queryRaw } from "./raw";

export async function isDatabaseReachable(): Promise<boolean> {
  try {
    await queryRaw("SELECT 1");
    return true;
  } catch (error) {
    log.error({ error: (error as Error).message }, "database health check failed");
    return false;
  }
}
