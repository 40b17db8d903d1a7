// @ts-check
// The log: one JSON object per line on standard output (pino), with its level and time, and the id
// of the request it belongs to. The HTTP server (server/main.mjs) and the app share it. Nothing
// logged carries a password, a token, a key or a message's text: the fields that could are
// censored (censor-secrets.mjs), and the app logs errors by their message, never a request's body.
import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";
import { censorSecrets } from "./censor-secrets.mjs";

/** @typedef {{ requestId: string }} RequestContext */

// One store per process, found through globalThis by every bundle of the app.
const KEY = Symbol.for("chat.requestContext");
/** @type {Record<symbol, AsyncLocalStorage<RequestContext> | undefined>} */
const shared = /** @type {any} */ (globalThis);
shared[KEY] ??= new AsyncLocalStorage();

/** @returns {AsyncLocalStorage<RequestContext>} */
export function requestContext() {
  return /** @type {AsyncLocalStorage<RequestContext>} */ (shared[KEY]);
}

/**
 * A logger as the app's: `destination` for a test that reads what it writes (standard output
 * when not given).
 * @param {import("pino").DestinationStream} [destination]
 */
export function createLog(destination) {
  /** @type {import("pino").LoggerOptions} */
  const options = {
    level: process.env.LOG_LEVEL || "info",
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }), log: censorSecrets },
    // An error logged as `err` is made a plain object first, then censored like the rest.
    serializers: { err: (error) => censorSecrets(pino.stdSerializers.err(error)) },
    mixin() {
      const context = requestContext().getStore();
      return context ? { request_id: context.requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const log = createLog();
