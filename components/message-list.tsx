"use client";

import { useEffect, useRef } from "react";
import type { ApiMessage } from "@/lib/chat/api-message";

function MessageBubble({ message }: { message: ApiMessage }) {
  if (message.role === "user") {
    return (
      <div className="flex justify-end">
        <div className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl bg-neutral-100 px-4 py-2 dark:bg-neutral-800">
          {message.content}
        </div>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-2">
      {message.content && (
        <div className="whitespace-pre-wrap break-words leading-relaxed">{message.content}</div>
      )}
      {message.status === "error" && (
        <p
          role="alert"
          className="rounded-lg bg-red-50 px-3 py-2 text-red-700 text-sm dark:bg-red-950 dark:text-red-300"
        >
          {message.error ?? "The model did not answer."}
        </p>
      )}
    </div>
  );
}

export function MessageList({ messages, busy }: { messages: ApiMessage[]; busy: boolean }) {
  const end = useRef<HTMLDivElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: follow each new message
  useEffect(() => {
    end.current?.scrollIntoView({ block: "end" });
  }, [messages.length, busy]);

  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-6" aria-live="polite">
      {messages.map((message) => (
        <article
          key={message.id}
          data-role={message.role}
          aria-label={message.role === "user" ? "You" : "Assistant"}
        >
          <MessageBubble message={message} />
        </article>
      ))}
      {busy && (
        <p className="text-neutral-500 text-sm dark:text-neutral-400" role="status">
          Thinking…
        </p>
      )}
      <div ref={end} />
    </div>
  );
}
