import { timingSafeEqual } from "node:crypto";
import { localGenerations } from "@/lib/chat/generation";
import { poolStats } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { metrics } from "@/lib/metrics/registry";

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Prometheus metrics of this instance (requests by route and status, replies in flight, time to
 * first token, model errors, the database pool, and Node.js's own), for a caller with
 * `Authorization: Bearer $METRICS_TOKEN`. Without METRICS_TOKEN set, there is no such route (404).
 */
export async function GET(request: Request) {
  try {
    const token = env().METRICS_TOKEN;
    if (!token) throw new AppError("not_found:route", "Not found.");
    const given = (request.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
    if (!sameSecret(given, token)) {
      throw new AppError("unauthorized:metrics", "Send Authorization: Bearer with the METRICS_TOKEN.");
    }
    const { registry, repliesInFlight, pool } = metrics();
    repliesInFlight.set(localGenerations().filter((generation) => !generation.result).length);
    const connections = poolStats();
    if (connections) {
      pool.set({ state: "total" }, connections.total);
      pool.set({ state: "idle" }, connections.idle);
      pool.set({ state: "waiting" }, connections.waiting);
    } else {
      // No pool open (SQLite, or none yet): nothing to report, rather than the last figures.
      pool.reset();
    }
    return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
  } catch (error) {
    return errorResponse(error);
  }
}
