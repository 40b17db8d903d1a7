import { redirect } from "next/navigation";
import { Chat } from "@/components/chat";
import { isModelConfigured } from "@/lib/ai/client";
import { getCurrentUser } from "@/lib/auth/current-user";

export const metadata = { title: "New chat" };

export default async function NewChatPage() {
  if (!(await getCurrentUser())) redirect("/");
  return <Chat sessionId={null} initialMessages={[]} modelConfigured={isModelConfigured()} />;
}
