import "server-only";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { env } from "@/lib/env";
import { routeOf } from "@/lib/http/route-label.mjs";

// One registry per process, kept on globalThis: the server (server/main.mjs) and each bundle of
// the app that records into it must find the same one.
type Metrics = ReturnType<typeof createMetrics>;
const KEY = Symbol.for("chat.metrics");
const shared = globalThis as unknown as { [KEY]?: Metrics };

function createMetrics() {
  const registry = new Registry();
  // Node.js's own, where someone scrapes them: CPU, memory, the garbage collector, and how late the
  // event loop runs what is due (nodejs_eventloop_lag_p50_seconds and the like, each since the
  // scrape before). They cost a timer every 10 ms and a note per collection, so only then.
  if (env().METRICS_TOKEN) collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: "chat_http_requests_total",
      help: "HTTP requests answered, by method, route and status",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: "chat_http_request_duration_seconds",
      help: "Time to answer an HTTP request (to the end of its body), by route",
      labelNames: ["route"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    repliesInFlight: new Gauge({
      name: "chat_replies_in_flight",
      help: "Replies being written by this instance",
      registers: [registry],
    }),
    firstTokenSeconds: new Histogram({
      name: "chat_time_to_first_token_seconds",
      help: "From a reply's start to the model's first words",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    modelErrors: new Counter({
      name: "chat_model_errors_total",
      help: "Replies that ended in a failure of the model's, by kind",
      labelNames: ["failure"] as const,
      registers: [registry],
    }),
    idleCollections: new Counter({
      name: "chat_idle_collections_total",
      help: "Full garbage collections run because the server had gone quiet (IDLE_COLLECT_SECONDS)",
      registers: [registry],
    }),
    pool: new Gauge({
      name: "chat_database_pool_connections",
      help: "Postgres connections of this instance's pool, by state",
      labelNames: ["state"] as const,
      registers: [registry],
    }),
  };
}

export function metrics(): Metrics {
  shared[KEY] ??= createMetrics();
  return shared[KEY];
}

/** Counts a request once its answer has gone (called by server/main.mjs for every request). */
export function recordRequest(method: string, pathname: string, status: number, seconds: number): void {
  const route = routeOf(pathname, status);
  const { requests, requestSeconds } = metrics();
  requests.inc({ method: /^[A-Z]{3,7}$/.test(method) ? method : "OTHER", route, status: String(status) });
  requestSeconds.observe({ route }, seconds);
}

/** Counts a collection of the server's while it was quiet (server/main.mjs, through instrumentation.ts). */
export function recordIdleCollection(): void {
  metrics().idleCollections.inc();
}
