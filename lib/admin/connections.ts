import "server-only";
import {
  type Connection,
  ENV_CONNECTION_ID,
  encryptionKey,
  forgetConnections,
  loadConnections,
} from "@/lib/ai/connections";
import { forgetServerList, serverStatus } from "@/lib/ai/model-catalogue";
import { seal } from "@/lib/crypto/secret-box";
import {
  type ConnectionChanges,
  createConnection,
  deleteConnection,
  prefixTaken,
  updateConnection,
} from "@/lib/db/connections";
import { AppError } from "@/lib/errors";
import { type ApiConnection, toApiConnection } from "./api-connection";

export type ConnectionRequest = {
  name?: string;
  base_url?: string;
  api_key?: string | null;
  prefix?: string | null;
  enabled?: boolean;
  models?: string[];
};

const notFound = () => new AppError("not_found:connection", "Connection not found.");

async function connectionById(id: string): Promise<Connection> {
  const connection = (await loadConnections()).find((candidate) => candidate.id === id);
  if (!connection) throw notFound();
  return connection;
}

/** The environment's connection is the environment's: the database never changes or overrides it. */
function assertChangeable(id: string): void {
  if (id === ENV_CONNECTION_ID) {
    throw new AppError(
      "conflict:connection",
      "The connection from the environment (OPENAI_BASE_URL, OPENAI_API_KEY) is changed there, not here.",
    );
  }
}

async function assertFreePrefix(prefix: string | null | undefined, exceptId?: string): Promise<void> {
  if (prefix && (await prefixTaken({ prefix, exceptId }))) {
    throw new AppError("conflict:connection", `The prefix "${prefix}" is another connection's.`);
  }
}

function changesOf(request: ConnectionRequest): ConnectionChanges {
  return {
    ...(request.name === undefined ? {} : { name: request.name }),
    ...(request.base_url === undefined ? {} : { baseUrl: request.base_url.replace(/\/+$/, "") }),
    // The key is sealed before it is stored, and never read back out by any answer.
    ...(request.api_key === undefined
      ? {}
      : { apiKey: request.api_key ? seal(request.api_key, encryptionKey()) : null }),
    ...(request.prefix === undefined ? {} : { prefix: request.prefix || null }),
    ...(request.enabled === undefined ? {} : { enabled: request.enabled }),
    ...(request.models === undefined ? {} : { models: [...new Set(request.models)] }),
  };
}

export async function describeConnection(
  connection: Connection,
  { fresh = false } = {},
): Promise<ApiConnection> {
  return toApiConnection(connection, await serverStatus(connection, { fresh }));
}

export async function listAdminConnections(): Promise<ApiConnection[]> {
  return Promise.all((await loadConnections()).map((connection) => describeConnection(connection)));
}

export async function addConnection(
  request: Required<Pick<ConnectionRequest, "name" | "base_url">> & ConnectionRequest,
) {
  await assertFreePrefix(request.prefix);
  const changes = changesOf(request);
  const record = await createConnection({
    name: request.name,
    baseUrl: changes.baseUrl as string,
    apiKey: changes.apiKey ?? null,
    prefix: changes.prefix ?? null,
    enabled: request.enabled ?? true,
    models: changes.models ?? [],
  });
  forgetConnections();
  return describeConnection(await connectionById(record.id), { fresh: true });
}

export async function changeConnection(id: string, request: ConnectionRequest): Promise<ApiConnection> {
  assertChangeable(id);
  await assertFreePrefix(request.prefix, id);
  if (!(await updateConnection({ id, changes: changesOf(request) }))) throw notFound();
  forgetConnections();
  forgetServerList({ id });
  return describeConnection(await connectionById(id), { fresh: true });
}

export async function removeConnection(id: string): Promise<void> {
  assertChangeable(id);
  if (!(await deleteConnection({ id }))) throw notFound();
  forgetConnections();
  forgetServerList({ id });
}

/** Asks the connection's server for its models now, and says how it answered. */
export async function testConnection(id: string): Promise<ApiConnection> {
  return describeConnection(await connectionById(id), { fresh: true });
}
