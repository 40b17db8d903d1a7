import type { ApiTokenRecord } from "@/lib/db/api-tokens";

/** An API token as the API lists it (never its secret); the client's type is derived from this. */
export type ApiToken = ReturnType<typeof toApiToken>;

export function toApiToken(token: ApiTokenRecord) {
  return {
    id: token.id,
    name: token.name,
    created_at: token.createdAt.toISOString(),
    last_used_at: token.lastUsedAt?.toISOString() ?? null,
    expires_at: token.expiresAt?.toISOString() ?? null,
  };
}
