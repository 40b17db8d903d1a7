import type { UserRecord } from "@/lib/db/users";

export function toApiUser(user: UserRecord) {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    disabled: user.disabledAt !== null,
    created_at: user.createdAt.toISOString(),
  };
}
