"use client";

import { useEffect } from "react";
import { MODEL_NOT_CONFIGURED } from "@/lib/ai/model-not-configured";
import type { ApiMessage } from "@/lib/chat/api-message";
import { ChatInput } from "./chat-input";
import { describeFailure, MessageList } from "./message-list";
import { useShell } from "./shell-context";
import { useConversation } from "./use-conversation";

type ChatProps = {
  conversationId: string | null;
  initialMessages: ApiMessage[];
  initialCursor?: string | null;
  focusMessageId?: string;
  modelConfigured: boolean;
  maxMessageChars: number;
};

function ChatView({
  conversationId,
  initialMessages,
  initialCursor,
  focusMessageId,
  modelConfigured,
  maxMessageChars,
}: ChatProps) {
  const { list } = useShell();
  const chat = useConversation({
    initialConversationId: conversationId,
    initialMessages,
    initialCursor: initialCursor ?? null,
    onStarted: list.refresh,
    onSummary: list.refresh,
  });
  const { streaming, stop } = chat;

  useEffect(() => {
    if (!streaming) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") void stop();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [streaming, stop]);

  // A reply that ends refreshes the sidebar: the conversation moves to the top.
  useEffect(() => {
    if (!streaming && chat.conversationId) void list.refresh();
  }, [streaming, chat.conversationId, list.refresh]);

  return (
    <main className="flex min-h-0 flex-1 flex-col">
      {!modelConfigured && (
        <p
          role="alert"
          className="mx-auto mt-6 max-w-3xl rounded-lg bg-amber-50 px-4 py-3 text-amber-900 text-sm dark:bg-amber-950 dark:text-amber-200"
        >
          {MODEL_NOT_CONFIGURED}
        </p>
      )}
      {chat.messages.length === 0 ? (
        <div className="flex flex-1 items-center justify-center p-6 text-center">
          <h1 className="font-semibold text-2xl text-neutral-700 dark:text-neutral-300">
            What can I help with?
          </h1>
        </div>
      ) : (
        <MessageList
          messages={chat.messages}
          busy={chat.busy}
          hasOlder={chat.hasOlder}
          onLoadOlder={chat.loadOlder}
          focusMessageId={focusMessageId}
          onRegenerate={chat.regenerate}
          onEdit={chat.edit}
          onResend={chat.resend}
          onDiscard={chat.discard}
        />
      )}
      {chat.notice && (
        <div
          role="alert"
          className="mx-auto mb-2 flex w-full max-w-3xl items-start gap-3 rounded-lg bg-red-50 px-4 py-2 text-red-800 text-sm dark:bg-red-950 dark:text-red-200"
        >
          <p className="flex-1">{describeFailure(chat.notice)}</p>
          <button type="button" className="text-xs underline" onClick={chat.dismissNotice}>
            Dismiss
          </button>
        </div>
      )}
      <ChatInput
        busy={chat.busy}
        streaming={streaming}
        disabled={!modelConfigured}
        maxChars={maxMessageChars}
        onSend={(text) => void chat.send(text)}
        onStop={stop}
      />
    </main>
  );
}

/** A fresh chat each time "New chat" is pressed, even when the URL does not change. */
export function Chat(props: ChatProps) {
  const { chatNonce } = useShell();
  return <ChatView key={`${props.conversationId ?? "new"}:${chatNonce}`} {...props} />;
}
