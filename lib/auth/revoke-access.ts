import "server-only";
import { deleteApiTokensOfUser } from "@/lib/db/api-tokens";
import { deleteAuthSessionsOfUser, deleteOtherAuthSessions } from "@/lib/db/auth-sessions";

/**
 * Ends every way into an account that its password let someone make: its login sessions (but
 * `keepSessionId`, the one that changed the password) and its API tokens. Called when the password
 * changes or is reset and when the account is disabled, so that a stolen session's token does not
 * outlive them.
 */
export async function revokeAccess({
  userId,
  keepSessionId,
}: {
  userId: string;
  keepSessionId?: string | null;
}): Promise<void> {
  if (keepSessionId) await deleteOtherAuthSessions({ userId, keepId: keepSessionId });
  else await deleteAuthSessionsOfUser({ userId });
  await deleteApiTokensOfUser({ userId });
}
