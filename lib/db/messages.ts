import "server-only";
import { uuidv7 } from "@/lib/ids";
import { db } from "./client";

export type MessageRole = "user" | "assistant";
export type MessageStatus = "streaming" | "complete" | "stopped" | "error";

export type MessageRecord = {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  error: string | null;
  createdAt: Date;
};

/** Appends a message and marks the conversation as just used, in one transaction. */
export async function appendMessage(message: {
  conversationId: string;
  role: MessageRole;
  content: string;
  status?: MessageStatus;
  error?: string | null;
}): Promise<MessageRecord> {
  const createdAt = new Date();
  const [saved] = await db().$transaction([
    db().message.create({
      data: {
        id: uuidv7(createdAt.getTime()),
        conversationId: message.conversationId,
        role: message.role,
        content: message.content,
        status: message.status ?? "complete",
        error: message.error ?? null,
        createdAt,
      },
    }),
    db().conversation.update({ where: { id: message.conversationId }, data: { updatedAt: createdAt } }),
  ]);
  return saved as MessageRecord;
}

export async function getMessagesByConversationId({
  conversationId,
}: {
  conversationId: string;
}): Promise<MessageRecord[]> {
  return (await db().message.findMany({
    where: { conversationId },
    orderBy: { id: "asc" },
  })) as MessageRecord[];
}

export async function countMessagesByRole({
  conversationId,
  role,
}: {
  conversationId: string;
  role: MessageRole;
}) {
  return db().message.count({ where: { conversationId, role } });
}
