import "server-only";
import type pg from "pg";
import { env } from "@/lib/env";
import { log } from "@/lib/log/logger.mjs";
import { postgresPool } from "./client";
import { providerOf } from "./provider";

/**
 * Postgres's LISTEN/NOTIFY, the way instances of the app tell each other what happens now (a reply's
 * next words, a Stop) without anything but Postgres. Each instance keeps one connection of its own
 * that listens; notifications are sent through the pool. None of this exists on SQLite, which is
 * one instance.
 */

export type NotificationHandler = (payload: string) => void;

/** NOTIFY's payload must stay under 8000 bytes; callers keep theirs below this. */
export const MAX_NOTIFICATION_BYTES = 7_900;

const RECONNECT_MS = 1_000;

type Listener = {
  handlers: Map<string, Set<NotificationHandler>>;
  /** Called after each (re)connection: what was sent while it was down was missed. */
  reconnected: Set<() => void>;
  ready: Promise<pg.Client> | null;
  stopped: boolean;
};

const LISTENER = Symbol.for("chat.notificationListener");
const state = globalThis as unknown as { [LISTENER]?: Listener };

export function notificationsAvailable(): boolean {
  return providerOf(env().DATABASE_URL) === "postgres";
}

function listener(): Listener {
  state[LISTENER] ??= { handlers: new Map(), reconnected: new Set(), ready: null, stopped: false };
  return state[LISTENER];
}

function quoted(channel: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Bad channel name: ${channel}`);
  return `"${channel}"`;
}

async function connect(state: Listener): Promise<pg.Client> {
  // Loaded here, so that a server on SQLite never loads pg.
  const { default: postgres } = await import("pg");
  const client = new postgres.Client({ connectionString: env().DATABASE_URL });
  client.on("notification", ({ channel, payload }) => {
    for (const handler of state.handlers.get(channel) ?? []) {
      try {
        handler(payload ?? "");
      } catch (error) {
        log.warn({ error: (error as Error).message, channel }, "a notification handler failed");
      }
    }
  });
  let lost = false;
  const onLost = (error?: Error) => {
    if (lost) return;
    lost = true;
    client.removeAllListeners("error");
    client.on("error", () => {});
    client.end().catch(() => {});
    if (state.stopped) return;
    log.warn({ error: error?.message ?? "closed" }, "the notification connection was lost; reconnecting");
    state.ready = null;
    setTimeout(() => void ensureConnected(state).catch(() => {}), RECONNECT_MS).unref();
  };
  client.on("error", onLost);
  client.on("end", () => onLost());
  await client.connect();
  for (const channel of state.handlers.keys()) await client.query(`LISTEN ${quoted(channel)}`);
  return client;
}

function ensureConnected(state: Listener): Promise<pg.Client> {
  if (state.ready) return state.ready;
  const attempt = connect(state);
  state.ready = attempt;
  attempt.then(
    () => {
      for (const callback of state.reconnected) callback();
    },
    (error: Error) => {
      if (state.ready === attempt) state.ready = null;
      if (state.stopped) return;
      log.warn({ error: error.message }, "listening for notifications failed; retrying");
      setTimeout(() => void ensureConnected(state).catch(() => {}), RECONNECT_MS).unref();
    },
  );
  return attempt;
}

/**
 * Calls `handler` with each notification on `channel` until the returned function is called.
 * Resolves once the channel is listened to, so that what is sent after it is heard.
 */
export async function listen(
  channel: string,
  handler: NotificationHandler,
  { onReconnect }: { onReconnect?: () => void } = {},
): Promise<() => void> {
  const state = listener();
  let handlers = state.handlers.get(channel);
  const fresh = !handlers;
  if (!handlers) {
    handlers = new Set();
    state.handlers.set(channel, handlers);
  }
  handlers.add(handler);
  if (onReconnect) state.reconnected.add(onReconnect);
  const unlisten = () => {
    handlers.delete(handler);
    if (onReconnect) state.reconnected.delete(onReconnect);
  };
  const client = await ensureConnected(state);
  // A channel added after the connection was made is listened to now (connect() did the others).
  if (fresh) await client.query(`LISTEN ${quoted(channel)}`);
  return unlisten;
}

/** Sends a notification to every instance listening on `channel`, this one included. */
export async function notify(channel: string, payload: string): Promise<void> {
  const pool = await postgresPool();
  if (!pool) return;
  await pool.query("SELECT pg_notify($1, $2)", [channel, payload]);
}

/** Closes the listening connection (at shutdown). */
export async function stopListening(): Promise<void> {
  const state = listener();
  state.stopped = true;
  const ready = state.ready;
  state.ready = null;
  if (ready) await (await ready.catch(() => null))?.end().catch(() => {});
}
