import { redirect } from "next/navigation";
import { ChatShell } from "@/components/chat-shell";
import { getCurrentUser } from "@/lib/auth/current-user";
import { toApiSession } from "@/lib/chat/api-session";
import { listSummarisedConversations } from "@/lib/db/conversations";

export const dynamic = "force-dynamic";

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/");
  const conversations = await listSummarisedConversations({ userId: user.id });

  return (
    <ChatShell username={user.username} initialSessions={conversations.map(toApiSession)}>
      {children}
    </ChatShell>
  );
}
