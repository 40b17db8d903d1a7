import type { MessageRecord } from "@/lib/db/messages";

export type ApiMessage = {
  id: string;
  role: MessageRecord["role"];
  content: string;
  status: MessageRecord["status"];
  error?: string;
  timestamp: string;
};

export function toApiMessage(message: MessageRecord): ApiMessage {
  return {
    id: message.id,
    role: message.role,
    content: message.content,
    status: message.status,
    ...(message.error ? { error: message.error } : {}),
    timestamp: message.createdAt.toISOString(),
  };
}
