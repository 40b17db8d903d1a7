import { ChatShell } from "@/components/chat-shell";
import { requirePageUser } from "@/lib/auth/page-user";
import type { ApiConversation } from "@/lib/chat/api-conversation";
import { encodeConversationCursor } from "@/lib/chat/conversation-cursor";
import { listConversations } from "@/lib/db/conversation-list";

export const dynamic = "force-dynamic";

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  const page = await listConversations({ userId: user.id, limit: 50 });

  return (
    <ChatShell
      username={user.username}
      isAdmin={user.role === "admin"}
      initialConversations={JSON.parse(page.json) as ApiConversation[]}
      initialCursor={page.next && encodeConversationCursor(page.next)}
    >
      {children}
    </ChatShell>
  );
}
