"use client";

import { type ClipboardEvent, type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import type { ApiFile } from "@/lib/files/api-file";
import { PendingAttachments } from "./attachment-chips";
import { StrokeIcon } from "./ui/stroke-icon";
import type { useAttachments } from "./use-attachments";

// What the file picker offers; the server decides by the bytes whatever is chosen.
const ACCEPT =
  "image/png,image/jpeg,image/webp,image/gif,application/pdf,text/*,.md,.markdown,.csv,.json,.txt,.log,.yaml,.yml,.toml,.ini,.xml,.py,.js,.mjs,.ts,.tsx,.jsx,.java,.kt,.c,.h,.cpp,.hpp,.cs,.go,.rs,.rb,.php,.swift,.sh,.sql,.r,.lua";
const PAPERCLIP = "M21 12.5l-8.5 8.5a5 5 0 0 1-7-7l9-9a3.5 3.5 0 0 1 5 5l-9 9a2 2 0 0 1-3-3l8.5-8.5";

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
  attachments,
  imageWarning,
  onSend,
  onStop,
}: {
  disabled?: boolean;
  busy: boolean;
  streaming: boolean;
  maxChars: number;
  attachments: ReturnType<typeof useAttachments>;
  /** Why the images chosen cannot be sent (the model cannot see them), if so. */
  imageWarning: string | null;
  onSend: (text: string, files: ApiFile[]) => void;
  onStop: () => void;
}) {
  const [text, setText] = useState("");
  const textarea = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const touch = useTouchKeyboard();
  const tooLong = text.length > maxChars;
  const hasFiles = attachments.ready.length > 0;
  const blocked =
    attachments.uploading || imageWarning !== null || attachments.files.some((file) => file.error);
  const empty = text.trim().length === 0 && !hasFiles;

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
    if (busy || disabled || tooLong || empty || blocked) return;
    onSend(text, attachments.take());
    setText("");
  }

  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const files = [...event.clipboardData.files];
    if (files.length === 0) return;
    event.preventDefault();
    attachments.add(files);
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
      <div className="mx-auto max-w-3xl rounded-2xl border border-neutral-300 bg-white p-2 focus-within:border-blue-500 focus-within:ring-2 focus-within:ring-blue-500/30 dark:border-neutral-700 dark:bg-neutral-900">
        <PendingAttachments files={attachments.files} onRemove={attachments.remove} />
        {imageWarning && (
          <p role="alert" className="px-2 pb-2 text-amber-800 text-sm dark:text-amber-300">
            {imageWarning}
          </p>
        )}
        <div className="flex items-end gap-2">
          <input
            ref={picker}
            type="file"
            multiple
            accept={ACCEPT}
            className="hidden"
            aria-hidden="true"
            tabIndex={-1}
            onChange={(event) => {
              attachments.add([...(event.target.files ?? [])]);
              event.target.value = "";
            }}
          />
          <button
            type="button"
            onClick={() => picker.current?.click()}
            disabled={disabled}
            aria-label="Attach files"
            title="Attach images or documents (or paste, or drop them here)"
            className="flex size-10 shrink-0 items-center justify-center rounded-xl text-neutral-600 hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-blue-500 disabled:opacity-40 dark:text-neutral-300 dark:hover:bg-neutral-800"
          >
            <StrokeIcon path={PAPERCLIP} className="size-5" />
          </button>
          <textarea
            ref={textarea}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
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
              disabled={disabled || busy || tooLong || empty || blocked}
              aria-label="Send message"
              className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-neutral-900 text-white hover:bg-neutral-700 focus-visible:outline-2 focus-visible:outline-blue-500 disabled:opacity-40 dark:bg-neutral-100 dark:text-neutral-900 dark:hover:bg-neutral-300"
            >
              <StrokeIcon path="M5 12h14M13 6l6 6-6 6" className="size-5" />
            </button>
          )}
        </div>
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
