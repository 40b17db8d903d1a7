import "server-only";
import { db } from "./client";

export async function isDatabaseReachable(): Promise<boolean> {
  try {
    await db().$queryRaw`SELECT 1`;
    return true;
  } catch (error) {
    console.error("Database health check failed:", (error as Error).message);
    return false;
  }
}
