import { notFound, redirect } from "next/navigation";
import { sessionIdSchema } from "@/app/api/schema";
import { Chat } from "@/components/chat";
import { isModelConfigured } from "@/lib/ai/client";
import { getCurrentUser } from "@/lib/auth/current-user";
import { toApiMessage } from "@/lib/chat/api-message";
import { loadMessages } from "@/lib/chat/conversation-access";
import { getConversationForUser } from "@/lib/db/conversations";

type Props = { params: Promise<{ session_id: string }> };

async function loadConversation(params: Props["params"]) {
  const user = await getCurrentUser();
  if (!user) redirect("/");
  const id = sessionIdSchema.safeParse((await params).session_id);
  if (!id.success) notFound();
  const conversation = await getConversationForUser({ id: id.data, userId: user.id });
  if (!conversation) notFound();
  return conversation;
}

export async function generateMetadata({ params }: Props) {
  const conversation = await loadConversation(params);
  return { title: conversation.summary ?? "Chat" };
}

export default async function ConversationPage({ params }: Props) {
  const conversation = await loadConversation(params);
  const messages = await loadMessages(conversation.id);
  return (
    <Chat
      sessionId={conversation.id}
      initialMessages={messages.map(toApiMessage)}
      modelConfigured={isModelConfigured()}
    />
  );
}
