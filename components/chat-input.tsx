"use client";

import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import { StrokeIcon } from "./ui/stroke-icon";

/** On a touch screen Enter makes a new line, as its keyboard shows: the send button sends. */
function useTouchKeyboard(): boolean {
  const [touch, setTouch] = useState(false);
  useEffect(() => {
    const query = window.matchMedia("(pointer: coarse) and (hover: none)");
    setTouch(query.matches);
    const onChange = () => setTouch(query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);
  return touch;
}

// The counter shows once a message is this close to the limit.
const COUNTER_FROM = 0.8;

export function ChatInput({
  disabled,
  busy,
  streaming,
  maxChars,
  onSend,
  onStop,
}: {
  disabled?: boolean;
  busy: boolean;
  streaming: boolean;
  maxChars: number;
  onSend: (text: string) => void;
  onStop: () => void;
}) {
  const [text, setText] = useState("");
  const textarea = useRef<HTMLTextAreaElement>(null);
  const touch = useTouchKeyboard();
  const tooLong = text.length > maxChars;

  // Grow with the text up to a limit, then scroll.
  // biome-ignore lint/correctness/useExhaustiveDependencies: resizing follows the text
  useEffect(() => {
    const element = textarea.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${Math.min(element.scrollHeight, 240)}px`;
  }, [text]);

  useEffect(() => {
    if (!busy && !touch) textarea.current?.focus();
  }, [busy, touch]);

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy || disabled || tooLong || text.trim().length === 0) return;
    onSend(text);
    setText("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing && !touch) {
      event.preventDefault();
      submit();
    }
  }

  const placeholder = disabled
    ? "Chat is unavailable"
    : touch
      ? "Send a message"
      : "Send a message (Shift+Enter for a new line)";

  return (
    <form onSubmit={submit} className="border-neutral-200 border-t p-3 sm:p-4 dark:border-neutral-800">
      <div className="mx-auto flex max-w-3xl items-end gap-2 rounded-2xl border border-neutral-300 bg-white p-2 focus-within:border-blue-500 focus-within:ring-2 focus-within:ring-blue-500/30 dark:border-neutral-700 dark:bg-neutral-900">
        <textarea
          ref={textarea}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          rows={1}
          aria-label="Message"
          aria-describedby="message-length"
          enterKeyHint={touch ? "enter" : "send"}
          placeholder={placeholder}
          disabled={disabled}
          className="max-h-60 min-h-10 flex-1 resize-none bg-transparent px-2 py-2 outline-none placeholder:text-neutral-500 dark:placeholder:text-neutral-400"
          // biome-ignore lint/a11y/noAutofocus: the message box is what a chat page is for
          autoFocus
        />
        {streaming ? (
          <button
            type="button"
            onClick={onStop}
            aria-label="Stop generating"
            title="Stop (Esc)"
            className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-neutral-900 text-white hover:bg-neutral-700 focus-visible:outline-2 focus-visible:outline-blue-500 dark:bg-neutral-100 dark:text-neutral-900 dark:hover:bg-neutral-300"
          >
            <svg viewBox="0 0 24 24" className="size-4" fill="currentColor" aria-hidden="true">
              <rect x="6" y="6" width="12" height="12" rx="2" />
            </svg>
          </button>
        ) : (
          <button
            type="submit"
            disabled={disabled || busy || tooLong || text.trim().length === 0}
            aria-label="Send message"
            className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-neutral-900 text-white hover:bg-neutral-700 focus-visible:outline-2 focus-visible:outline-blue-500 disabled:opacity-40 dark:bg-neutral-100 dark:text-neutral-900 dark:hover:bg-neutral-300"
          >
            <StrokeIcon path="M5 12h14M13 6l6 6-6 6" className="size-5" />
          </button>
        )}
      </div>
      <p
        id="message-length"
        aria-live="polite"
        className={`mx-auto mt-1 max-w-3xl px-2 text-right text-xs ${tooLong ? "text-red-600 dark:text-red-400" : "text-neutral-500 dark:text-neutral-400"} ${
          text.length >= maxChars * COUNTER_FROM ? "" : "sr-only"
        }`}
      >
        {text.length >= maxChars * COUNTER_FROM
          ? `${text.length.toLocaleString()} / ${maxChars.toLocaleString()} characters${tooLong ? ": too long to send" : ""}`
          : ""}
      </p>
    </form>
  );
}
