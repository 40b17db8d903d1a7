// @ts-check
// The HTTP server: Next.js behind a thin layer that decides, before the app sees a request, which
// client it comes from. Next.js keeps any X-Forwarded-For a client sends, so without this anyone
// could pick the address the login limits count against. `npm start` (after migrating) and
// `npm run dev` run this file.

import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import nextEnv from "@next/env";
import { DEFAULT_REQUEST_SLICE_MS, requestSlices } from "../lib/http/request-slices.mjs";
import { routeOf } from "../lib/http/route-label.mjs";
import { parseTrustProxy, resolveClientAddress } from "../lib/http/trust-proxy.mjs";
import { log, requestContext } from "../lib/log/logger.mjs";
import {
  DEFAULT_IDLE_COLLECT_SECONDS,
  fullCollection,
  idleCollector,
} from "../lib/memory/idle-collection.mjs";

const dev = process.argv.includes("--dev");
const dir = path.resolve(import.meta.dirname, "..");
// As `next start` and `next dev` do, before Next.js and React are loaded.
Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });
// Settings are read from .env files in the folder it is started from, as the CLI scripts do.
nextEnv.loadEnvConfig(process.cwd(), dev);
const { default: next } = await import("next");

const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || undefined;
const policy = parseTrustProxy(process.env.TRUST_PROXY);

/**
 * The configuration the build was made with, as Next.js's own standalone server reads it: the
 * bundle (.next/standalone, where this file is copied) has no next.config.mjs.
 * @returns {Record<string, unknown> | undefined}
 */
function builtConfig() {
  const file = path.join(dir, ".next", "required-server-files.json");
  if (dev || !existsSync(file)) return undefined;
  const { config } = JSON.parse(readFileSync(file, "utf8"));
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
  return config;
}

const conf = builtConfig();
const app = next({ dev, dir, hostname, port, ...(conf ? { conf } : {}) });
const handle = app.getRequestHandler();
await app.prepare();

/**
 * Replaces what the client claims with what the server knows: X-Forwarded-For becomes the one
 * address the trust policy arrives at, and the forwarded host and scheme count only when they come
 * from a trusted proxy (Next.js then fills them in from the request itself).
 * @param {import("node:http").IncomingMessage} request
 */
function settleForwardedHeaders(request) {
  const { address, peerTrusted } = resolveClientAddress({
    socketAddress: request.socket.remoteAddress,
    forwardedFor: request.headers["x-forwarded-for"],
    policy,
  });
  request.headers["x-forwarded-for"] = address;
  if (!peerTrusted) {
    delete request.headers["x-forwarded-host"];
    delete request.headers["x-forwarded-proto"];
    delete request.headers["x-forwarded-port"];
    delete request.headers.forwarded;
  }
}

/** @type {(method: string, pathname: string, status: number, seconds: number) => void} */
const recordRequest = (...args) =>
  /** @type {any} */ (globalThis)[Symbol.for("chat.recordRequest")]?.(...args);

// A request id the caller (a proxy in front) sent is kept when it looks like one; else a new one.
const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

const UNREACHABLE_SINCE = Symbol.for("chat.databaseUnreachableSince");

/**
 * A page that fails while the app cannot reach its database (lib/db/client.ts notes when) answers
 * 503 with Retry-After, as the API does, rather than 500: the balancer and the browser know to come
 * back. The page itself says so in plain words (app/error.tsx).
 * @param {import("node:http").ServerResponse} response
 */
function answerUnavailableWhileDatabaseIsAway(response) {
  const writeHead = response.writeHead;
  /** @type {any} */ (response).writeHead = function (
    /** @type {number} */ status,
    /** @type {any[]} */ ...rest
  ) {
    if (status === 500 && /** @type {any} */ (globalThis)[UNREACHABLE_SINCE] !== undefined) {
      this.setHeader("retry-after", "5");
      return writeHead.call(
        this,
        503,
        ...(typeof rest[0] === "string" ? ["Service Unavailable", ...rest.slice(1)] : rest),
      );
    }
    return writeHead.call(this, status, ...rest);
  };
}

/** @type {() => void} */
const recordIdleCollection = () =>
  /** @type {any} */ (globalThis)[Symbol.for("chat.recordIdleCollection")]?.();

// node's --expose-gc.
const gc = /** @type {any} */ (globalThis).gc;

// IDLE_COLLECT_SECONDS is validated with the other settings, by the time the app is prepared.
const idle = idleCollector({
  quietMs: Number(process.env.IDLE_COLLECT_SECONDS || DEFAULT_IDLE_COLLECT_SECONDS) * 1000,
  collect: gc && fullCollection(gc),
  onCollected: () => {
    recordIdleCollection();
    log.info("started a full garbage collection while idle");
  },
});

// REQUEST_SLICE_MS is validated with the other settings, by the time the app is prepared.
const slices = requestSlices({
  sliceMs: Number(process.env.REQUEST_SLICE_MS || DEFAULT_REQUEST_SLICE_MS),
  onError: (error) => log.error({ err: error }, "starting a request failed"),
});

const server = createServer((request, response) => {
  const started = process.hrtime.bigint();
  const pathname = (request.url ?? "/").split("?")[0] ?? "/";
  const ended = idle.begin(pathname);
  const given = request.headers["x-request-id"];
  const requestId = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader("x-request-id", requestId);
  // Logged and counted once the answer has gone (for a stream, at its end).
  response.once("close", () => {
    ended();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const status = response.statusCode;
    recordRequest(request.method ?? "", pathname, status, seconds);
    log[status >= 500 ? "error" : "info"](
      {
        request_id: requestId,
        method: request.method,
        route: routeOf(pathname, status),
        status,
        ms: Math.round(seconds * 1000),
        complete: response.writableFinished,
      },
      "request",
    );
  });
  if (!pathname.startsWith("/api/") && !pathname.startsWith("/_next/"))
    answerUnavailableWhileDatabaseIsAway(response);
  settleForwardedHeaders(request);
  slices.start(() => requestContext().run({ requestId }, () => handle(request, response)));
});
if (dev) server.on("upgrade", app.getUpgradeHandler());

server.listen(port, hostname, () => {
  log.info({ url: `http://${hostname ?? "localhost"}:${port}`, dev }, "ready");
});

let stopping = false;

/**
 * SIGTERM (or Ctrl+C): the app drains first (no new replies, /api/health answers "draining" so the
 * balancer moves on, replies being written get SHUTDOWN_GRACE_MS to finish and are then stored as
 * interrupted), then the server closes and the process exits 0. A second signal exits at once.
 * @param {string} signal
 */
async function shutdown(signal) {
  if (stopping) process.exit(0);
  stopping = true;
  log.info({ signal }, "draining before stopping");
  /** @type {(() => Promise<void>) | undefined} */
  const drain = /** @type {any} */ (globalThis)[Symbol.for("chat.drain")];
  try {
    await drain?.();
  } catch (error) {
    log.error({ error: /** @type {Error} */ (error).message }, "draining failed");
  }
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  // Connections still busy after a moment (a client that keeps a stream open) are cut.
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, 5_000).unref();
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
