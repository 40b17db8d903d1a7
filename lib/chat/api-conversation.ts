import type { ConversationRecord } from "@/lib/db/conversations";

export type ApiSession = {
  session_id: string;
  title: string | null;
  summary: string | null;
  created_at: string;
  updated_at: string;
};

export function toApiSession(conversation: ConversationRecord): ApiSession {
  return {
    session_id: conversation.id,
    title: conversation.title,
    summary: conversation.summary,
    created_at: conversation.createdAt.toISOString(),
    updated_at: conversation.updatedAt.toISOString(),
  };
}
