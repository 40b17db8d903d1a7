import type { Connection } from "@/lib/ai/connections";
import type { ServerStatus } from "@/lib/ai/model-catalogue";

/**
 * A connection as GET /api/admin/connections lists it. Its API key is never in it: `has_key`
 * says only whether there is one.
 */
export type ApiConnection = ReturnType<typeof toApiConnection>;

export function toApiConnection(connection: Connection, server: ServerStatus) {
  const models = [...new Set([...(server.listed ?? []), ...connection.typedModels])];
  return {
    id: connection.id,
    name: connection.name,
    base_url: connection.baseUrl,
    prefix: connection.prefix,
    enabled: connection.enabled,
    source: connection.source,
    has_key: connection.hasKey,
    ...(connection.keyUnreadable ? { key_unreadable: true } : {}),
    status: connection.enabled ? server.status : ("unknown" as const),
    ...(server.error ? { error: server.error } : {}),
    /** The ids it answers to (upstream ids: prefix them for the catalogue's). */
    models,
    /** Those an administrator typed, for a server that does not list them. */
    typed_models: connection.source === "admin" ? connection.typedModels : [],
  };
}
