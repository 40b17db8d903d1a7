import "server-only";
import { randomUUID } from "node:crypto";
import type { ImportFile } from "@/lib/chat/export-format";
import { uuidv7 } from "@/lib/ids";
import { db } from "./client";
import { INTERRUPTED_ERROR } from "./messages";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function takenIds(table: "conversation" | "message", ids: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows =
      table === "conversation"
        ? await db().conversation.findMany({ where: { id: { in: chunk } }, select: { id: true } })
        : await db().message.findMany({ where: { id: { in: chunk } }, select: { id: true } });
    for (const row of rows) taken.add(row.id);
  }
  return taken;
}

/**
 * Imports exported conversations for a user, keeping their ids where they are free (so a round
 * trip into an empty account gives back the same links) and new ones where they are not.
 */
export async function importConversations({
  userId,
  file,
}: {
  userId: string;
  file: ImportFile;
}): Promise<string[]> {
  const ids: string[] = [];
  for (const conversation of file.conversations) {
    const wantedId = conversation.session_id?.toLowerCase();
    const free =
      wantedId && UUID.test(wantedId) && !(await takenIds("conversation", [wantedId])).has(wantedId);
    const id = free ? wantedId : randomUUID();
    const wantedMessageIds = conversation.messages.map((message) => message.id?.toLowerCase() ?? "");
    const taken = await takenIds(
      "message",
      wantedMessageIds.filter((messageId) => UUID.test(messageId)),
    );
    const keepIds = wantedMessageIds.every((messageId) => UUID.test(messageId) && !taken.has(messageId));

    await db().$transaction([
      db().conversation.create({
        data: {
          id,
          userId,
          title: conversation.title ?? null,
          summary: conversation.summary ?? null,
          createdAt: new Date(conversation.created_at),
          updatedAt: new Date(conversation.updated_at),
        },
      }),
      db().message.createMany({
        data: conversation.messages.map((message, index) => {
          const createdAt = new Date(message.timestamp);
          const interrupted = message.status === "streaming";
          return {
            // New ids are made in order, so the messages keep their order.
            id: keepIds ? (wantedMessageIds[index] as string) : uuidv7(),
            conversationId: id,
            userId,
            role: message.role,
            content: message.content,
            status: interrupted ? "error" : message.status,
            error: interrupted ? INTERRUPTED_ERROR : (message.error ?? null),
            createdAt,
            updatedAt: createdAt,
          };
        }),
      }),
    ]);
    ids.push(id);
  }
  return ids;
}
