// @ts-check
// New requests are started a slice of time at a time. Node.js reads every connection that has
// something for it in one pass of its event loop and runs each request's handler as it reads it:
// when 50 requests arrive at once, that pass ran 50 handlers, each from its start to its end, before
// it read anything else, and the replies already streaming stalled meanwhile. Here a pass starts
// new requests for at most `sliceMs`; the rest wait, in order, and are started a slice per pass,
// what has arrived for the requests in flight (a model's tokens, the database's answers) read in
// between. A burst's requests then go through their later stages together, the same code run for
// each in turn, which costs markedly less CPU than each run from start to end (README, Performance).

/** REQUEST_SLICE_MS when unset (lib/env.ts validates it with this default). */
export const DEFAULT_REQUEST_SLICE_MS = 10;

/**
 * @param {{ sliceMs: number, onError: (error: unknown) => void }} options `sliceMs` 0: every
 *   request starts as soon as it is read. `onError` hears what a request's start threw (the
 *   requests after it are started all the same).
 */
export function requestSlices({ sliceMs, onError }) {
  /** @type {(() => void)[]} */
  const waiting = [];
  // Until when the current pass may start requests; 0 when no pass is under way.
  let sliceEnds = 0;

  /** @param {() => void} start */
  const run = (start) => {
    try {
      start();
    } catch (error) {
      onError(error);
    }
  };

  // Runs once the current pass has read its connections (setImmediate): starts the requests that
  // waited, for one slice, and comes back after the next pass if some still wait.
  const nextSlice = () => {
    sliceEnds = 0;
    if (waiting.length === 0) return;
    sliceEnds = performance.now() + sliceMs;
    do run(/** @type {() => void} */ (waiting.shift()));
    while (waiting.length > 0 && performance.now() < sliceEnds);
    setImmediate(nextSlice);
  };

  return {
    /**
     * Starts a request now, or once the requests that came before it have been started.
     * @param {() => void} start
     */
    start(start) {
      if (sliceMs <= 0) return run(start);
      if (waiting.length === 0) {
        const now = performance.now();
        if (sliceEnds === 0) {
          sliceEnds = now + sliceMs;
          setImmediate(nextSlice);
        }
        if (now < sliceEnds) return run(start);
      }
      waiting.push(start);
    },
    /** How many requests wait to be started. */
    get waiting() {
      return waiting.length;
    },
  };
}
