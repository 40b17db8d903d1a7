"use client";

import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { ClientMessage, Failure } from "@/lib/client/conversation-state";
import { duration, localTime } from "@/lib/client/format-time";
import { MessageAttachments } from "./attachment-chips";
import { Markdown } from "./markdown";
import { MessageEditor } from "./message-editor";
import { VersionPicker } from "./version-picker";

/** What a saved message offers: a new version of it, another version, a new chat from it. */
type BranchActions = {
  onStep: (messageId: string) => void;
  onFork: (messageId: string) => void;
};

const actionClass =
  "rounded-md px-2 py-1 text-neutral-500 text-xs hover:bg-neutral-100 hover:text-neutral-800 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-neutral-400 dark:hover:bg-neutral-800 dark:hover:text-neutral-200";

/** What a failure says, with the time a quota frees up in the reader's own time. */
export function describeFailure(failure: Failure): string {
  if (failure.code.startsWith("rate_limit") && failure.retryAt) {
    return `${failure.message.replace(/ You can chat again in [^.]*\.$/, "")} You can chat again at ${localTime(failure.retryAt)}.`;
  }
  return failure.message;
}

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

/** A reasoning model's thinking, folded away above its answer. */
function Reasoning({ message }: { message: ClientMessage }) {
  const thinking = message.status === "streaming" && !message.content;
  const label = thinking
    ? "Thinking…"
    : message.reasoning_ms !== null
      ? `Thought for ${duration(message.reasoning_ms)}`
      : "Thoughts";
  return (
    <details className="group rounded-lg border border-neutral-200 text-sm dark:border-neutral-800">
      <summary className="cursor-pointer select-none px-3 py-1.5 text-neutral-600 dark:text-neutral-400">
        {label}
      </summary>
      <div
        data-testid="reasoning"
        className="whitespace-pre-wrap break-words border-neutral-200 border-t px-3 py-2 text-neutral-600 dark:border-neutral-800 dark:text-neutral-400"
      >
        {message.reasoning}
      </div>
    </details>
  );
}

function AssistantMessage({
  message,
  busy,
  onRegenerate,
  onStep,
  onFork,
}: BranchActions & {
  message: ClientMessage;
  busy: boolean;
  onRegenerate: () => void;
}) {
  return (
    <div className="flex flex-col gap-2">
      {message.reasoning && <Reasoning message={message} />}
      {message.content ? (
        <Markdown text={message.content} />
      ) : (
        message.status === "streaming" &&
        !message.reasoning && (
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
        <p className="text-neutral-500 text-xs dark:text-neutral-400">
          {message.error ? `Stopped: ${message.error}` : "Stopped"}
        </p>
      )}
      {message.status === "sent" && message.finish_reason === "length" && (
        <p className="text-amber-700 text-xs dark:text-amber-400">The reply hit the model's length limit.</p>
      )}
      {message.status !== "streaming" && (
        <div className="flex flex-wrap items-center gap-1">
          <VersionPicker message={message} disabled={busy} onStep={onStep} />
          {message.content && <CopyButton text={message.content} />}
          {!busy && (
            <button type="button" className={actionClass} onClick={onRegenerate}>
              {message.status === "error" ? "Retry" : "Regenerate"}
            </button>
          )}
          {!busy && (
            <button
              type="button"
              className={actionClass}
              title="Branch off into a new chat"
              onClick={() => onFork(message.id)}
            >
              Branch off
            </button>
          )}
          {message.model && (
            <span className="px-2 text-neutral-500 text-xs dark:text-neutral-400" data-testid="reply-model">
              {message.model}
            </span>
          )}
        </div>
      )}
    </div>
  );
}

function UserMessage({
  message,
  editable,
  busy,
  onEdit,
  onResend,
  onDiscard,
  onStep,
}: Pick<BranchActions, "onStep"> & {
  message: ClientMessage;
  editable: boolean;
  busy: boolean;
  onEdit: (text: string) => void;
  onResend: (text: string) => void;
  onDiscard: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const failed = message.status === "failed";
  if (editing) {
    return (
      <MessageEditor
        initialText={message.content}
        onCancel={() => setEditing(false)}
        onSave={(text) => {
          setEditing(false);
          // A message the server never saved is sent anew; a saved one is edited on the server.
          if (failed) onResend(text);
          else onEdit(text);
        }}
      />
    );
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <MessageAttachments files={message.attachments} />
      {(message.content || message.attachments.length === 0) && (
        <div
          data-content
          className={`max-w-[85%] whitespace-pre-wrap break-words rounded-2xl px-4 py-2 ${
            failed
              ? "border border-red-300 bg-red-50/50 dark:border-red-800 dark:bg-red-950/30"
              : "bg-neutral-100 dark:bg-neutral-800"
          } ${message.status === "sending" ? "opacity-70" : ""}`}
        >
          {message.content}
        </div>
      )}
      {message.status === "sending" && (
        <span className="text-neutral-500 text-xs dark:text-neutral-400">Sending…</span>
      )}
      {failed && message.failure && (
        <p role="alert" className="max-w-[85%] text-right text-red-700 text-xs dark:text-red-400">
          Not sent. {describeFailure(message.failure)}
        </p>
      )}
      <div className="flex items-center gap-1">
        {!failed && <VersionPicker message={message} disabled={busy} onStep={onStep} />}
        {failed && (
          <>
            <button type="button" className={actionClass} onClick={() => onResend(message.content)}>
              Resend
            </button>
            <button type="button" className={actionClass} onClick={onDiscard}>
              Discard
            </button>
          </>
        )}
        {(editable || failed) && (
          <button type="button" className={actionClass} onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
      </div>
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
  onResend,
  onDiscard,
  onStep,
  onFork,
}: BranchActions & {
  messages: ClientMessage[];
  busy: boolean;
  hasOlder: boolean;
  onLoadOlder: () => Promise<void>;
  focusMessageId?: string;
  onRegenerate: (replyId: string) => void;
  onEdit: (messageId: string, text: string) => void;
  onResend: (localId: string, text: string, attachments: ClientMessage["attachments"]) => void;
  onDiscard: (localId: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  const following = useRef(!focusMessageId);
  const anchor = useRef<{ firstId: string | undefined; height: number }>({ firstId: undefined, height: 0 });
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
        {messages.map((message) => (
          <article
            key={message.localId ?? message.id}
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
              <UserMessage
                message={message}
                editable={message.status === "sent" && !busy}
                busy={busy}
                onEdit={(text) => onEdit(message.id, text)}
                onResend={(text) => onResend(message.localId as string, text, message.attachments)}
                onDiscard={() => onDiscard(message.localId as string)}
                onStep={onStep}
              />
            ) : (
              <AssistantMessage
                message={message}
                busy={busy}
                onRegenerate={() => onRegenerate(message.id)}
                onStep={onStep}
                onFork={onFork}
              />
            )}
          </article>
        ))}
        {lastMessage?.role === "user" && lastMessage.status === "sending" && (
          <span className="text-neutral-500 text-sm dark:text-neutral-400" role="status">
            Thinking…
          </span>
        )}
      </div>
    </div>
  );
}
