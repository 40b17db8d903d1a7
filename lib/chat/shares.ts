import "server-only";
import { recordAudit } from "@/lib/db/audit";
import type { SessionUser } from "@/lib/db/auth-sessions";
import { getActiveBranch } from "@/lib/db/branches";
import type { ConversationRecord } from "@/lib/db/conversations";
import { copyFilesTo, getOwnFileContent } from "@/lib/db/files";
import { importConversation } from "@/lib/db/import";
import type { MessageRecord } from "@/lib/db/messages";
import { createShare, findLiveShare, type ShareRecord } from "@/lib/db/shares";
import { getUserById } from "@/lib/db/users";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { conversationName, toApiConversation } from "./api-conversation";

/** A link as the API lists it: never its secret. */
export function toApiShare(share: ShareRecord) {
  return {
    id: share.id,
    created_at: share.createdAt.toISOString(),
    expires_at: share.expiresAt.toISOString(),
    public: Boolean(share.public),
    show_owner: Boolean(share.showOwner),
  };
}

/**
 * A new link to the conversation as it is now (the branch it shows, under its name): later
 * messages are not in it. Public links only where the instance allows them.
 */
export async function shareConversation({
  conversation,
  user,
  expiresInDays,
  isPublic,
  showOwner,
  origin,
}: {
  conversation: ConversationRecord;
  user: SessionUser;
  expiresInDays: number;
  isPublic: boolean;
  showOwner: boolean;
  origin: string;
}) {
  if (isPublic && !env().ALLOW_PUBLIC_SHARES) {
    throw new AppError("bad_request:share", "Public links are off on this instance (ALLOW_PUBLIC_SHARES).");
  }
  const branch = conversation.activeLeafId
    ? await getActiveBranch({ conversationId: conversation.id, leafId: conversation.activeLeafId })
    : [];
  const leaf = branch.at(-1);
  if (!leaf) throw new AppError("conflict:share", "This conversation has no message to share yet.");
  if (leaf.status === "streaming") {
    throw new AppError(
      "conflict:share",
      "A reply is still being written: share the conversation once it ends.",
    );
  }
  const createdAt = new Date();
  const { record, token } = await createShare({
    createdAt,
    conversationId: conversation.id,
    userId: user.id,
    leafId: leaf.id,
    title: conversationName(toApiConversation(conversation)),
    public: isPublic,
    showOwner,
    expiresAt: new Date(createdAt.getTime() + expiresInDays * 86_400_000),
  });
  await recordAudit({
    action: "share.create",
    actor: user.username,
    target: user.username,
    detail: `conversation ${conversation.id}, link ${record.id}${isPublic ? ", public" : ""}, until ${record.expiresAt.toISOString()}`,
  });
  return { ...toApiShare(record), url: `${origin}/share/${token}` };
}

export type SharedSnapshot = { share: ShareRecord; messages: MessageRecord[]; owner: string | null };

/** What a link shows, while it is live; null for an expired, revoked or made-up one. */
export async function sharedSnapshot(token: string): Promise<SharedSnapshot | null> {
  const share = await findLiveShare({ token });
  if (!share) return null;
  const messages = await getActiveBranch({ conversationId: share.conversationId, leafId: share.leafId });
  const owner = share.showOwner ? ((await getUserById({ id: share.userId }))?.username ?? null) : null;
  return { share, messages, owner };
}

/** Who may open a link: a user of the instance, or anyone when it is public and the instance allows it. */
export function mayOpen(share: ShareRecord, viewer: SessionUser | null): boolean {
  return viewer !== null || (Boolean(share.public) && env().ALLOW_PUBLIC_SHARES);
}

/** A file a message of the snapshot carries (any other is none), through the link. */
export async function sharedFile(snapshot: SharedSnapshot, fileId: string, thumb: boolean) {
  const carried = snapshot.messages.some((message) =>
    message.attachments?.some((file) => file.id === fileId),
  );
  if (!carried) return null;
  return getOwnFileContent({ id: fileId, userId: snapshot.share.userId, thumb });
}

/**
 * Copies what a link shows into the viewer's own conversations (its files copied into their
 * storage, within their limit), to go on with: returns the new conversation's id.
 */
export async function continueShared(snapshot: SharedSnapshot, viewer: SessionUser): Promise<string> {
  const fileIds = [
    ...new Set(snapshot.messages.flatMap((message) => (message.attachments ?? []).map((file) => file.id))),
  ];
  const copied = await copyFilesTo({
    fromUserId: snapshot.share.userId,
    toUserId: viewer.id,
    fileIds,
    quotaBytes: env().STORAGE_PER_USER_MB * 1024 * 1024,
  });
  if (copied === "over_quota") {
    throw new AppError(
      "payload_too_large:storage",
      "The shared files would take you past the storage you may use.",
    );
  }
  const now = new Date();
  const id = await importConversation({
    userId: viewer.id,
    conversation: {
      title: snapshot.share.title,
      summary: null,
      createdAt: now,
      updatedAt: now,
      messages: snapshot.messages.map((message) => ({
        id: message.id,
        role: message.role,
        content: message.content,
        status: message.status,
        error: message.error,
        createdAt: message.createdAt,
        model: message.model,
        reasoning: message.reasoning,
        reasoningMs: message.reasoningMs,
        finishReason: message.finishReason,
        fileIds: (message.attachments ?? []).flatMap((file) => copied.get(file.id) ?? []),
      })),
    },
  });
  if (!id) throw new Error("The copy was not made.");
  return id;
}
