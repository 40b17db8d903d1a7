import { redirect } from "next/navigation";
import { Chat } from "@/components/chat";
import { isModelConfigured } from "@/lib/ai/client";
import { getPageUser } from "@/lib/auth/current-user";

export const metadata = { title: "New chat" };

export default async function NewChatPage() {
  if (!(await getPageUser())) redirect("/");
  return <Chat sessionId={null} initialMessages={[]} modelConfigured={isModelConfigured()} />;
}
