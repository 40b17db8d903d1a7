"use client";

import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { ApiMessage } from "@/lib/chat/api-message";
import { Markdown } from "./markdown";
import { MessageEditor } from "./message-editor";

const actionClass =
  "rounded-md px-2 py-1 text-neutral-500 text-xs hover:bg-neutral-100 hover:text-neutral-800 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-neutral-400 dark:hover:bg-neutral-800 dark:hover:text-neutral-200";

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={actionClass}
      onClick={async () => {
        await navigator.clipboard.writeText(text);
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      {copied ? "Copied" : "Copy"}
    </button>
  );
}

function AssistantMessage({
  message,
  isLast,
  busy,
  onRegenerate,
}: {
  message: ApiMessage;
  isLast: boolean;
  busy: boolean;
  onRegenerate: () => void;
}) {
  return (
    <div className="flex flex-col gap-2">
      {message.content ? (
        <Markdown text={message.content} />
      ) : (
        message.status === "streaming" && (
          <span className="text-neutral-500 text-sm dark:text-neutral-400" role="status">
            Thinking…
          </span>
        )
      )}
      {message.status === "error" && (
        <p
          role="alert"
          className="rounded-lg bg-red-50 px-3 py-2 text-red-700 text-sm dark:bg-red-950 dark:text-red-300"
        >
          {message.error ?? "The model did not answer."}
        </p>
      )}
      {message.status === "stopped" && (
        <p className="text-neutral-500 text-xs dark:text-neutral-400">Stopped</p>
      )}
      {message.status !== "streaming" && (
        <div className="flex gap-1">
          {message.content && <CopyButton text={message.content} />}
          {isLast && !busy && (
            <button type="button" className={actionClass} onClick={onRegenerate}>
              {message.status === "error" ? "Retry" : "Regenerate"}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function UserMessage({
  message,
  editable,
  onEdit,
}: {
  message: ApiMessage;
  editable: boolean;
  onEdit: (text: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <MessageEditor
        initialText={message.content}
        onCancel={() => setEditing(false)}
        onSave={(text) => {
          setEditing(false);
          onEdit(text);
        }}
      />
    );
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <div
        data-content
        className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl bg-neutral-100 px-4 py-2 dark:bg-neutral-800"
      >
        {message.content}
      </div>
      {editable && (
        <button type="button" className={actionClass} onClick={() => setEditing(true)}>
          Edit
        </button>
      )}
    </div>
  );
}

export function MessageList({
  messages,
  busy,
  hasOlder,
  onLoadOlder,
  focusMessageId,
  onRegenerate,
  onEdit,
}: {
  messages: ApiMessage[];
  busy: boolean;
  hasOlder: boolean;
  onLoadOlder: () => Promise<void>;
  focusMessageId?: string;
  onRegenerate: () => void;
  onEdit: (text: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  const following = useRef(!focusMessageId);
  const anchor = useRef<{ firstId: string | undefined; height: number }>({ firstId: undefined, height: 0 });
  const lastUserIndex = messages.findLastIndex((message) => message.role === "user");
  const lastMessage = messages.at(-1);

  // Follow new text unless the reader scrolled up to read something earlier.
  function onScroll() {
    const element = scroller.current;
    if (!element) return;
    following.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
  }

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const firstId = messages[0]?.id;
    if (anchor.current.firstId && firstId !== anchor.current.firstId && !following.current) {
      // Older messages were put above: keep what the reader was looking at where it was.
      element.scrollTop += element.scrollHeight - anchor.current.height;
    } else if (following.current) {
      element.scrollTop = element.scrollHeight;
    }
    anchor.current = { firstId, height: element.scrollHeight };
  }, [messages]);

  useEffect(() => {
    if (!focusMessageId) return;
    document.getElementById(`message-${focusMessageId}`)?.scrollIntoView({ block: "center" });
  }, [focusMessageId]);

  // A message the user just sent always brings the view down.
  useEffect(() => {
    if (lastMessage?.role === "user") following.current = true;
  }, [lastMessage]);

  useEffect(() => {
    const element = topSentinel.current;
    if (!element || !hasOlder) return;
    let loading = false;
    const observer = new IntersectionObserver(
      async ([entry]) => {
        if (!entry?.isIntersecting || loading) return;
        loading = true;
        if (scroller.current) anchor.current.height = scroller.current.scrollHeight;
        await onLoadOlder();
        loading = false;
      },
      { root: scroller.current, rootMargin: "200px 0px 0px 0px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasOlder, onLoadOlder]);

  return (
    <div
      ref={scroller}
      onScroll={onScroll}
      className="min-h-0 flex-1 overflow-y-auto"
      data-testid="message-scroller"
    >
      <div className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-6">
        {hasOlder && (
          <div ref={topSentinel} role="status" className="text-center text-neutral-500 text-xs">
            Loading earlier messages…
          </div>
        )}
        {messages.map((message, index) => (
          <article
            key={message.id}
            id={`message-${message.id}`}
            data-role={message.role}
            data-status={message.status}
            aria-label={message.role === "user" ? "You" : "Assistant"}
            className={
              message.id === focusMessageId
                ? "-mx-2 rounded-xl px-2 py-1 ring-2 ring-yellow-400/70"
                : undefined
            }
          >
            {message.role === "user" ? (
              <UserMessage message={message} editable={index === lastUserIndex && !busy} onEdit={onEdit} />
            ) : (
              <AssistantMessage
                message={message}
                isLast={index === messages.length - 1}
                busy={busy}
                onRegenerate={onRegenerate}
              />
            )}
          </article>
        ))}
        {busy && lastMessage?.role === "user" && (
          <span className="text-neutral-500 text-sm dark:text-neutral-400" role="status">
            Thinking…
          </span>
        )}
      </div>
    </div>
  );
}
