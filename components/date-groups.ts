import type { ApiConversation } from "@/lib/chat/api-conversation";

export type DateGroup = { label: string; conversations: ApiConversation[] };

/** Groups conversations by when they were last used, in the reader's time zone; pinned ones first. */
export function groupByDate(conversations: ApiConversation[], now = new Date()): DateGroup[] {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const day = 24 * 60 * 60 * 1000;
  const labels = ["Pinned", "Today", "Yesterday", "Previous 7 days", "Older"] as const;
  const groups = new Map<string, ApiConversation[]>(labels.map((label) => [label, []]));
  for (const conversation of conversations) {
    const time = new Date(conversation.updated_at).getTime();
    const label = conversation.pinned
      ? "Pinned"
      : time >= startOfToday
        ? "Today"
        : time >= startOfToday - day
          ? "Yesterday"
          : time >= startOfToday - 7 * day
            ? "Previous 7 days"
            : "Older";
    groups.get(label)?.push(conversation);
  }
  return labels
    .map((label) => ({ label, conversations: groups.get(label) ?? [] }))
    .filter((group) => group.conversations.length > 0);
}
