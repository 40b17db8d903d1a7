import type { ConversationCursor } from "@/lib/db/conversation-list";

/** Opaque cursors for GET /api/sessions: whether the last entry is pinned, its update time and id. */
export function encodeConversationCursor(cursor: ConversationCursor): string {
  return Buffer.from(`${cursor.pinned ? "p" : "u"}|${cursor.updatedAt.toISOString()}|${cursor.id}`).toString(
    "base64url",
  );
}

export function decodeConversationCursor(raw: string): ConversationCursor | null {
  const [pinned, time, id] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  const updatedAt = new Date(time ?? "");
  if (pinned !== "p" && pinned !== "u") return null;
  if (!id || Number.isNaN(updatedAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) return null;
  return { pinned: pinned === "p", updatedAt, id };
}
