import { Chat } from "@/components/chat";
import { hasModelServer } from "@/lib/ai/client";
import { requirePageUser } from "@/lib/auth/page-user";
import { env } from "@/lib/env";

export const metadata = { title: "New chat" };

export default async function NewChatPage() {
  await requirePageUser();
  return (
    <Chat
      conversationId={null}
      initialMessages={[]}
      modelConfigured={await hasModelServer()}
      maxMessageChars={env().MAX_MESSAGE_CHARS}
      maxFileBytes={env().MAX_FILE_BYTES}
      allowPublicShares={env().ALLOW_PUBLIC_SHARES}
    />
  );
}
