import { redirect } from "next/navigation";
import { ChatShell } from "@/components/chat-shell";
import { getPageUser } from "@/lib/auth/current-user";
import { toApiSession } from "@/lib/chat/api-session";
import { encodeSessionCursor } from "@/lib/chat/session-cursor";
import { listConversations } from "@/lib/db/conversations";

export const dynamic = "force-dynamic";

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const user = await getPageUser();
  if (!user) redirect("/");
  const page = await listConversations({ userId: user.id, limit: 50 });

  return (
    <ChatShell
      username={user.username}
      isAdmin={user.role === "admin"}
      initialSessions={page.conversations.map(toApiSession)}
      initialCursor={page.next && encodeSessionCursor(page.next)}
    >
      {children}
    </ChatShell>
  );
}
