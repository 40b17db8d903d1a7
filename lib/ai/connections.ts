import "server-only";
import OpenAI from "openai";
import { authSecret } from "@/lib/auth/options";
import { dataKey, open } from "@/lib/crypto/secret-box";
import { type ConnectionRecord, listConnections } from "@/lib/db/connections";
import { env } from "@/lib/env";
import { modelFetch } from "./model-fetch";

/** A model server the app can call: the environment's (read-only) or one an administrator added. */
export type Connection = {
  id: string;
  source: "env" | "admin";
  name: string;
  baseUrl: string;
  prefix: string | null;
  enabled: boolean;
  hasKey: boolean;
  /** The stored key could not be opened (the app's secret changed): it must be entered again. */
  keyUnreadable: boolean;
  /** Model ids the server may not list itself: typed by an administrator, or the environment's. */
  typedModels: string[];
  client: OpenAI;
};

export const ENV_CONNECTION_ID = "env";
const OPENAI_BASE_URL = "https://api.openai.com/v1";

function clientFor(baseUrl: string, apiKey: string | null): OpenAI {
  // Local servers such as Ollama accept any key, but the SDK insists on one. Retrying would leave
  // the user staring at nothing; they can retry themselves.
  return new OpenAI({ apiKey: apiKey ?? "not-needed", baseURL: baseUrl, maxRetries: 0, fetch: modelFetch });
}

/** The environment's connection (OPENAI_BASE_URL, OPENAI_API_KEY), when one is configured. */
function environmentConnection(): Connection | null {
  const { OPENAI_API_KEY, OPENAI_BASE_URL: configured, OPENAI_MODEL, OPENAI_SUMMARY_MODEL } = env();
  if (!OPENAI_API_KEY && !configured) return null;
  const baseUrl = configured ?? OPENAI_BASE_URL;
  return {
    id: ENV_CONNECTION_ID,
    source: "env",
    name: configured ? new URL(configured).host : "OpenAI",
    baseUrl,
    prefix: null,
    enabled: true,
    hasKey: Boolean(OPENAI_API_KEY),
    keyUnreadable: false,
    typedModels: [...new Set([OPENAI_MODEL, ...(OPENAI_SUMMARY_MODEL ? [OPENAI_SUMMARY_MODEL] : [])])],
    client: clientFor(baseUrl, OPENAI_API_KEY ?? null),
  };
}

const clients = new Map<string, { stamp: number; client: OpenAI }>();

function adminConnection(record: ConnectionRecord, key: Buffer): Connection {
  const apiKey = record.apiKey === null ? null : open(record.apiKey, key);
  // A client per connection, made again only when the connection changes.
  const cached = clients.get(record.id);
  const client =
    cached && cached.stamp === record.updatedAt.getTime() ? cached.client : clientFor(record.baseUrl, apiKey);
  clients.set(record.id, { stamp: record.updatedAt.getTime(), client });
  return {
    id: record.id,
    source: "admin",
    name: record.name,
    baseUrl: record.baseUrl,
    prefix: record.prefix,
    enabled: record.enabled,
    hasKey: record.apiKey !== null,
    keyUnreadable: record.apiKey !== null && apiKey === null,
    typedModels: record.models,
    client,
  };
}

export function encryptionKey(): Buffer {
  return dataKey({ configured: env().DATA_ENCRYPTION_KEY, appSecret: authSecret() });
}

// What administrators stored is read again after this long, so that a change made through another
// instance reaches this one; a change made here is seen at once.
const CONFIG_TTL_MS = 5_000;
let loaded: { at: number; connections: Promise<Connection[]> } | undefined;

/** Every connection, the environment's first; read from the database at most every few seconds. */
export function loadConnections(): Promise<Connection[]> {
  if (!loaded || Date.now() - loaded.at > CONFIG_TTL_MS) {
    const connections = listConnections().then((records) => {
      const key = encryptionKey();
      const environment = environmentConnection();
      return [
        ...(environment ? [environment] : []),
        ...records.map((record) => adminConnection(record, key)),
      ];
    });
    loaded = { at: Date.now(), connections };
    connections.catch(() => {
      if (loaded?.connections === connections) loaded = undefined;
    });
  }
  return loaded.connections;
}

/** After an administrator's change: the next read goes to the database. */
export function forgetConnections(): void {
  loaded = undefined;
}
