import { notFound } from "next/navigation";
import { z } from "zod";
import { Chat } from "@/components/chat";
import { hasModelServer } from "@/lib/ai/client";
import { requirePageUser } from "@/lib/auth/page-user";
import { toApiMessage } from "@/lib/chat/api-message";
import { activeBranchPage, openAtMessage } from "@/lib/chat/branch-view";
import { settleAbandonedReplies } from "@/lib/chat/conversation-access";
import { conversationIdSchema } from "@/lib/chat/request-schemas";
import { getConversationForUser } from "@/lib/db/conversations";
import { env } from "@/lib/env";

type Props = {
  params: Promise<{ session_id: string }>;
  searchParams: Promise<{ message?: string | string[] }>;
};

const PAGE_SIZE = 50;

async function loadConversation(params: Props["params"]) {
  const user = await requirePageUser();
  const id = conversationIdSchema.safeParse((await params).session_id);
  if (!id.success) notFound();
  const conversation = await getConversationForUser({ id: id.data, userId: user.id });
  if (!conversation) notFound();
  return conversation;
}

export async function generateMetadata({ params }: Props) {
  const conversation = await loadConversation(params);
  return { title: conversation.title ?? conversation.summary ?? conversation.preview ?? "Chat" };
}

/**
 * The newest messages of the conversation's active branch, or, from a search result, the messages
 * around the hit on its branch.
 */
export default async function ConversationPage({ params, searchParams }: Props) {
  const conversation = await loadConversation(params);
  await settleAbandonedReplies(conversation.id);
  const target = z.uuid().safeParse((await searchParams).message);
  const focus = target.success ? target.data.toLowerCase() : undefined;
  const around = focus ? await openAtMessage(conversation, focus) : null;
  const page = around ?? (await activeBranchPage(conversation, { limit: PAGE_SIZE }));

  return (
    <Chat
      conversationId={conversation.id}
      initialMessages={page.messages.map(toApiMessage)}
      initialCursor={page.nextCursor}
      focusMessageId={around ? focus : undefined}
      initialSettings={{
        model: conversation.model,
        system_prompt: conversation.systemPrompt,
        temperature: conversation.temperature,
      }}
      initialTitle={conversation.title ?? conversation.summary ?? conversation.preview ?? undefined}
      modelConfigured={await hasModelServer()}
      maxMessageChars={env().MAX_MESSAGE_CHARS}
      maxFileBytes={env().MAX_FILE_BYTES}
      allowPublicShares={env().ALLOW_PUBLIC_SHARES}
    />
  );
}
