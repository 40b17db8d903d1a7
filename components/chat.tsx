"use client";

import { useRouter } from "next/navigation";
import { type DragEvent, useEffect, useState } from "react";
import { MODEL_NOT_CONFIGURED } from "@/lib/ai/model-not-configured";
import { conversationName } from "@/lib/chat/api-conversation";
import type { ApiMessage } from "@/lib/chat/api-message";
import { useModels, usePresets } from "@/lib/client/use-models";
import { ChatHeader } from "./chat-header";
import { ChatInput } from "./chat-input";
import { describeFailure, MessageList } from "./message-list";
import { useShell } from "./shell-context";
import { useAttachments } from "./use-attachments";
import { useConversation } from "./use-conversation";
import {
  type ConversationSettings,
  DEFAULT_SETTINGS,
  useConversationSettings,
} from "./use-conversation-settings";

type ChatProps = {
  conversationId: string | null;
  initialMessages: ApiMessage[];
  initialCursor?: string | null;
  focusMessageId?: string;
  /** The conversation's model, system prompt and temperature (each null for the default). */
  initialSettings?: ConversationSettings;
  /** What the conversation is called when the page is made (the sidebar's name follows it). */
  initialTitle?: string;
  modelConfigured: boolean;
  maxMessageChars: number;
  maxFileBytes: number;
  /** Whether share links may be public here (ALLOW_PUBLIC_SHARES). */
  allowPublicShares?: boolean;
};

function ChatView({
  conversationId,
  initialMessages,
  initialCursor,
  focusMessageId,
  initialSettings,
  initialTitle,
  modelConfigured,
  maxMessageChars,
  maxFileBytes,
  allowPublicShares = false,
}: ChatProps) {
  const { list } = useShell();
  const router = useRouter();
  const { models } = useModels();
  const { presets } = usePresets();
  const conversationSettings = useConversationSettings(initialSettings ?? DEFAULT_SETTINGS);
  const chat = useConversation({
    initialConversationId: conversationId,
    initialMessages,
    initialCursor: initialCursor ?? null,
    onStarted: list.refresh,
    onSummary: list.refresh,
    newConversationBody: conversationSettings.newConversationBody,
  });
  const { streaming, stop } = chat;
  const attachments = useAttachments({ maxFileBytes });
  const [dragging, setDragging] = useState(false);
  const model =
    models.find((candidate) => candidate.id === conversationSettings.settings.model) ??
    models.find((candidate) => candidate.default);
  const imageWarning =
    model && !model.vision && attachments.files.some((file) => file.isImage && !file.error)
      ? `${model.name} cannot see images: pick a model that can, or remove the image.`
      : null;

  const dropHandlers = {
    onDragOver: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes("Files")) return;
      event.preventDefault();
      setDragging(true);
    },
    onDragLeave: (event: DragEvent) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (event: DragEvent) => {
      if (event.dataTransfer.files.length === 0) return;
      event.preventDefault();
      setDragging(false);
      attachments.add([...event.dataTransfer.files]);
    },
  };

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

  const listed = list.conversations.find((conversation) => conversation.session_id === chat.conversationId);
  const title = listed ? conversationName(listed) : (initialTitle ?? "New chat");
  const isNew = chat.messages.length === 0;

  return (
    <main className="relative flex min-h-0 flex-1 flex-col" {...dropHandlers}>
      {dragging && (
        <div className="pointer-events-none absolute inset-2 z-30 flex items-center justify-center rounded-2xl border-2 border-blue-500 border-dashed bg-blue-50/80 font-medium text-blue-900 dark:bg-blue-950/80 dark:text-blue-100">
          Drop files to attach them
        </div>
      )}
      <ChatHeader
        title={title}
        models={models}
        presets={presets}
        settings={conversationSettings.settings}
        presetName={conversationSettings.preset?.name ?? null}
        disabled={!modelConfigured}
        conversationId={
          chat.messages.some((message) => message.status === "sent") ? chat.conversationId : null
        }
        allowPublicShares={allowPublicShares}
        onChange={async (changes) => {
          try {
            await conversationSettings.change(chat.conversationId, changes);
          } catch (error) {
            chat.report(error);
            throw error;
          }
        }}
      />
      {!modelConfigured && (
        <p
          role="alert"
          className="mx-auto mt-6 max-w-3xl rounded-lg bg-amber-50 px-4 py-3 text-amber-900 text-sm dark:bg-amber-950 dark:text-amber-200"
        >
          {MODEL_NOT_CONFIGURED}
        </p>
      )}
      {isNew ? (
        <div className="flex flex-1 flex-col items-center justify-center gap-5 p-6 text-center">
          <h2 className="font-semibold text-2xl text-neutral-700 dark:text-neutral-300">
            What can I help with?
          </h2>
          {presets.length > 0 && !chat.conversationId && (
            <div className="flex max-w-2xl flex-col items-center gap-2">
              <p className="text-neutral-600 text-sm dark:text-neutral-400">Or start from a preset</p>
              <ul className="flex flex-wrap justify-center gap-2">
                {presets.map((preset) => {
                  const chosen = conversationSettings.preset?.id === preset.id;
                  return (
                    <li key={preset.id}>
                      <button
                        type="button"
                        aria-pressed={chosen}
                        title={preset.system_prompt.slice(0, 200)}
                        onClick={() => conversationSettings.applyPreset(preset)}
                        className={`rounded-full border px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-blue-500 ${
                          chosen
                            ? "border-blue-500 bg-blue-50 text-blue-900 dark:bg-blue-950 dark:text-blue-100"
                            : "border-neutral-300 hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-800"
                        }`}
                      >
                        {preset.name}
                      </button>
                    </li>
                  );
                })}
              </ul>
            </div>
          )}
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
          onStep={chat.step}
          onFork={async (messageId) => {
            const copy = await chat.fork(messageId);
            if (!copy) return;
            list.refresh();
            router.push(`/interact_history/${copy}`);
          }}
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
        attachments={attachments}
        imageWarning={imageWarning}
        onSend={(text, files) => void chat.send(text, files)}
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
