// @ts-check
// A full garbage collection once the server has gone quiet after work. V8 gives back what a burst
// of requests grew its heap by only at its next full collection, and while nothing is asked of the
// server nothing brings one: a minute after 50 concurrent streams it still held the 13 to 16 MB they
// had grown it by (docs/performance-history.md). So once no request has been in flight for a while
// after some were, the server collects, once, while no one waits.
// Health checks and metric scrapes, which a balancer and a scraper send all day, neither count as
// work nor keep the server from being quiet.

/**
 * The collection to run: a full one, marked a step at a time between the event loop's other work
 * (`execution: "async"`), so that a request arriving meanwhile is not held up by it. Node.js 20's
 * V8 runs only a scavenge of the young generation for any other options object (`type: "major"`
 * with `execution: "sync"` included), which gives nothing of the old generation back; a full
 * collection on its own (`gc()`) holds the event loop 20 to 90 ms.
 * @param {(options: { type: "major", execution: "async" }) => void} gc node's, with --expose-gc
 * @returns {() => void}
 */
export function fullCollection(gc) {
  return () => gc({ type: "major", execution: "async" });
}

/** IDLE_COLLECT_SECONDS when unset (lib/env.ts validates it with this default). */
export const DEFAULT_IDLE_COLLECT_SECONDS = 10;

const NOT_WORK = new Set(["/api/health", "/api/metrics"]);

/**
 * @param {{ quietMs: number, collect: (() => void) | undefined, onCollected: () => void }} options
 *   `quietMs` 0, or no `collect` (node without --expose-gc), and it never collects.
 */
export function idleCollector({ quietMs, collect, onCollected }) {
  let inFlight = 0;
  let lastActive = 0;
  let workSinceCollection = false;
  if (quietMs > 0 && collect) {
    const collectIfQuiet = () => {
      if (!workSinceCollection || inFlight > 0 || Date.now() - lastActive < quietMs) return;
      workSinceCollection = false;
      collect();
      onCollected();
    };
    setInterval(collectIfQuiet, Math.min(quietMs, 5_000)).unref();
  }
  return {
    /**
     * A request has begun; the function returned is for when its answer has gone.
     * @param {string} pathname
     */
    begin(pathname) {
      if (NOT_WORK.has(pathname)) return () => {};
      inFlight++;
      workSinceCollection = true;
      lastActive = Date.now();
      return () => {
        inFlight--;
        lastActive = Date.now();
      };
    },
  };
}
