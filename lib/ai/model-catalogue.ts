import "server-only";
import { listModelSettings, type ModelSettingRecord } from "@/lib/db/model-settings";
import { env } from "@/lib/env";
import { type Connection, loadConnections } from "./connections";

/** What a model server said of its models when last asked. */
type ServerList = {
  /** The last list it gave; null when it has never given one (or lists none). */
  models: string[] | null;
  status: "ok" | "down" | "unknown";
  error?: string;
  fetchedAt: number;
  refreshing?: Promise<void>;
};

// Per instance, by connection and address: a server's list is asked for in the background once it
// is older than MODELS_CACHE_SECONDS, and the last answer (failures included) is served meanwhile,
// so a server that is down or hangs never holds anyone up for longer than MODELS_TIMEOUT_MS, and
// only the first call after start waits at all.
const globalForLists = globalThis as unknown as { modelLists?: Map<string, ServerList> };
globalForLists.modelLists ??= new Map();
const lists = globalForLists.modelLists;

const MAX_REPORTED_ERROR = 200;

function describe(error: unknown): string {
  const status = (error as { status?: number }).status;
  const message = status
    ? `The server answered ${status}.`
    : (error as Error).message || "Could not reach the server.";
  return message.length > MAX_REPORTED_ERROR ? `${message.slice(0, MAX_REPORTED_ERROR)}…` : message;
}

async function fetchList(connection: Connection, previous: ServerList | undefined): Promise<ServerList> {
  const timeout = env().MODELS_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    const page = await connection.client.models.list({ signal: controller.signal, timeout });
    const models = page.data.map((model) => model.id).filter((id) => typeof id === "string" && id.length > 0);
    return { models: models.slice(0, 1_000), status: "ok", fetchedAt: Date.now() };
  } catch (error) {
    // Some servers (llama.cpp builds) have no model list at all: that is no fault of theirs.
    if ((error as { status?: number }).status === 404)
      return { models: null, status: "ok", fetchedAt: Date.now() };
    const reason = controller.signal.aborted ? `No answer within ${timeout / 1000} s.` : describe(error);
    return { models: previous?.models ?? null, status: "down", error: reason, fetchedAt: Date.now() };
  } finally {
    clearTimeout(timer);
  }
}

function listKey(connection: Connection): string {
  return `${connection.id} ${connection.baseUrl}`;
}

/** The server's list: cached, refreshed in the background when old, awaited only the first time. */
async function serverList(connection: Connection): Promise<ServerList> {
  const key = listKey(connection);
  const known = lists.get(key);
  const refresh = () => {
    const current = lists.get(key);
    if (current?.refreshing) return current.refreshing;
    const refreshing = fetchList(connection, current).then((fresh) => void lists.set(key, fresh));
    lists.set(key, { ...(current ?? { models: null, status: "unknown", fetchedAt: 0 }), refreshing });
    return refreshing;
  };
  if (!known || known.fetchedAt === 0) {
    await refresh();
    return lists.get(key) as ServerList;
  }
  if (Date.now() - known.fetchedAt > env().MODELS_CACHE_SECONDS * 1000) void refresh();
  return known;
}

/** Forgets a server's list, so that the next call asks it again (after an administrator's change). */
export function forgetServerList(connection: { id: string }): void {
  for (const key of lists.keys()) if (key.startsWith(`${connection.id} `)) lists.delete(key);
}

export type CatalogueModel = {
  /** `<prefix>/<upstream id>` for a connection with a prefix, else the upstream id. */
  id: string;
  upstreamId: string;
  name: string;
  connection: Connection;
  /** Its server answered the last time it was asked. */
  available: boolean;
  /** Why it is not available, in the server's words where it gave any. */
  reason?: string;
  enabled: boolean;
  isDefault: boolean;
  vision: boolean;
};

const SETTINGS_TTL_MS = 5_000;
let settings: { at: number; rows: Promise<ModelSettingRecord[]> } | undefined;

function modelSettings(): Promise<ModelSettingRecord[]> {
  if (!settings || Date.now() - settings.at > SETTINGS_TTL_MS) {
    const rows = listModelSettings();
    settings = { at: Date.now(), rows };
    rows.catch(() => {
      if (settings?.rows === rows) settings = undefined;
    });
  }
  return settings.rows;
}

/** After an administrator's change: the next read goes to the database. */
export function forgetModelSettings(): void {
  settings = undefined;
}

// Every call that names a model reads the catalogue: it is built again only when what it is built
// from is new (the connections, the settings and each server's list are each kept a while).
let built: { from: unknown[]; models: CatalogueModel[] } | undefined;

/**
 * Every model of every connection (asked of each server in parallel, each within the timeout),
 * with what administrators changed of it. Exactly one enabled model of an enabled connection is
 * the default, when there is any: the one an administrator picked, else OPENAI_MODEL, else the first.
 */
export async function modelCatalogue(): Promise<CatalogueModel[]> {
  const [connections, changes] = await Promise.all([loadConnections(), modelSettings()]);
  const perServer = await Promise.all(connections.map(serverList));
  const from = [connections, changes, ...perServer];
  if (built?.from.length === from.length && built.from.every((input, index) => input === from[index])) {
    return built.models;
  }
  const models = buildCatalogue(connections, changes, perServer);
  built = { from, models };
  return models;
}

function buildCatalogue(
  connections: Connection[],
  changes: ModelSettingRecord[],
  perServer: ServerList[],
): CatalogueModel[] {
  const byId = new Map(changes.map((setting) => [setting.id, setting]));
  const models: CatalogueModel[] = [];
  const seen = new Set<string>();
  for (const [index, connection] of connections.entries()) {
    const list = perServer[index] as ServerList;
    const upstream = [...new Set([...(list.models ?? []), ...connection.typedModels])];
    for (const upstreamId of upstream) {
      const id = connection.prefix ? `${connection.prefix}/${upstreamId}` : upstreamId;
      // Two connections without a prefix may list the same id: the first one answers to it.
      if (seen.has(id)) continue;
      seen.add(id);
      const setting = byId.get(id);
      const reason = !connection.enabled
        ? "Its connection is turned off."
        : connection.keyUnreadable
          ? "Its connection's API key must be entered again."
          : list.status === "down"
            ? `Its server is down: ${list.error}`
            : undefined;
      models.push({
        id,
        upstreamId,
        name: setting?.name ?? upstreamId,
        connection,
        available: list.status !== "down" && connection.enabled && !connection.keyUnreadable,
        ...(reason ? { reason } : {}),
        enabled: setting?.enabled ?? true,
        isDefault: false,
        vision: setting?.vision ?? false,
      });
    }
  }
  const usable = models.filter((model) => model.enabled && model.connection.enabled);
  const chosen =
    usable.find((model) => byId.get(model.id)?.isDefault) ??
    usable.find((model) => model.connection.source === "env" && model.upstreamId === env().OPENAI_MODEL) ??
    usable.find((model) => model.available) ??
    usable[0];
  if (chosen) chosen.isDefault = true;
  return models;
}

export type ServerStatus = { status: "ok" | "down" | "unknown"; error?: string; listed: string[] | null };

/** How a connection's server answered when last asked (asking it now, within the timeout, if never). */
export async function serverStatus(connection: Connection, { fresh = false } = {}): Promise<ServerStatus> {
  if (fresh) forgetServerList(connection);
  const list = await serverList(connection);
  return { status: list.status, ...(list.error ? { error: list.error } : {}), listed: list.models };
}
