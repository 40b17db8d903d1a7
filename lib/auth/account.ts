import "server-only";
import { recordAudit } from "@/lib/db/audit";
import { deleteAuthSessionsOfUser, type SessionUser } from "@/lib/db/auth-sessions";
import { getUserById, updatePasswordHash } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { getAuthSessionId } from "./current-user";
import { hashPassword, verifyPassword } from "./password";
import { revokeAccess } from "./revoke-access";

/** Changes the signed-in user's password, ends their other sessions and revokes their API tokens. */
export async function changePassword({
  user,
  currentPassword,
  newPassword,
}: {
  user: SessionUser;
  currentPassword: string;
  newPassword: string;
}): Promise<void> {
  const record = await getUserById({ id: user.id });
  if (!record || !(await verifyPassword(currentPassword, record.passwordHash))) {
    throw new AppError("bad_request:password", "Your current password is not right.");
  }
  await updatePasswordHash({ username: record.username, passwordHash: await hashPassword(newPassword) });
  await revokeAccess({ userId: user.id, keepSessionId: await getAuthSessionId() });
  await recordAudit({
    action: "password.change",
    actor: user.username,
    target: user.username,
  });
}

export async function logOutEverywhere({ user }: { user: SessionUser }): Promise<void> {
  await deleteAuthSessionsOfUser({ userId: user.id });
  await recordAudit({
    action: "logout.everywhere",
    actor: user.username,
    target: user.username,
  });
}
