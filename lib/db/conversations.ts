import "server-only";
import { newId } from "@/lib/ids";
import { db } from "./client";

export type ConversationRecord = {
  id: string;
  userId: string;
  summary: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export async function createConversation({ userId }: { userId: string }): Promise<ConversationRecord> {
  const now = new Date();
  return db().conversation.create({ data: { id: newId(), userId, createdAt: now, updatedAt: now } });
}

/** Ownership is part of the query: another user's conversation is indistinguishable from none. */
export async function getConversationForUser({
  id,
  userId,
}: {
  id: string;
  userId: string;
}): Promise<ConversationRecord | null> {
  return db().conversation.findFirst({ where: { id, userId } });
}

export async function listSummarisedConversations({
  userId,
}: {
  userId: string;
}): Promise<ConversationRecord[]> {
  return db().conversation.findMany({
    where: { userId, summary: { not: null } },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
  });
}

export async function setConversationSummary({
  id,
  summary,
}: {
  id: string;
  summary: string;
}): Promise<void> {
  await db().conversation.updateMany({ where: { id, summary: null }, data: { summary } });
}
