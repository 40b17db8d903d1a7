import type { UserRecord } from "@/lib/db/users";

/** A user as the admin API gives it; the client's type is derived from this mapper. */
export type ApiUser = ReturnType<typeof toApiUser>;

export function toApiUser(user: UserRecord) {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    disabled: user.disabledAt !== null,
    created_at: user.createdAt.toISOString(),
  };
}
