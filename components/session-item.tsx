"use client";

import Link from "next/link";
import { type KeyboardEvent, useState } from "react";
import type { ApiSession } from "@/lib/chat/api-session";
import { useShell } from "./chat-shell";
import { ConfirmDialog } from "./confirm-dialog";
import { StrokeIcon } from "./ui/stroke-icon";

const iconButton =
  "rounded-md p-1 text-neutral-500 hover:bg-neutral-200 hover:text-neutral-900 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-neutral-400 dark:hover:bg-neutral-700 dark:hover:text-neutral-100";

export function SessionItem({ session, active }: { session: ApiSession; active: boolean }) {
  const { renameSession, deleteSession } = useShell();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const name = session.title ?? session.summary ?? "Untitled";

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      setEditing(false);
      void renameSession(session.session_id, event.currentTarget.value.trim() || null);
    }
    if (event.key === "Escape") setEditing(false);
  }

  if (editing) {
    return (
      <input
        defaultValue={session.title ?? session.summary ?? ""}
        aria-label="New name for the conversation"
        onKeyDown={onKeyDown}
        onBlur={() => setEditing(false)}
        maxLength={200}
        className="w-full rounded-lg border border-blue-500 bg-white px-3 py-1.5 text-sm outline-none dark:bg-neutral-950"
        // biome-ignore lint/a11y/noAutofocus: the user just asked to rename this conversation
        autoFocus
      />
    );
  }

  return (
    <div
      className={`group flex items-center rounded-lg ${
        active ? "bg-neutral-200 dark:bg-neutral-800" : "hover:bg-neutral-100 dark:hover:bg-neutral-800/60"
      }`}
    >
      <Link
        href={`/interact_history/${session.session_id}`}
        aria-current={active ? "page" : undefined}
        title={name}
        className={`min-w-0 flex-1 truncate px-3 py-2 text-sm ${active ? "font-medium" : ""}`}
      >
        {name}
      </Link>
      <div className="flex shrink-0 gap-0.5 pr-1 opacity-100 md:opacity-0 md:group-focus-within:opacity-100 md:group-hover:opacity-100">
        <button
          type="button"
          className={iconButton}
          aria-label={`Rename ${name}`}
          onClick={() => setEditing(true)}
        >
          <StrokeIcon path="M4 20h4L18.5 9.5a2.1 2.1 0 0 0-4-4L4 16v4z" />
        </button>
        <button
          type="button"
          className={iconButton}
          aria-label={`Delete ${name}`}
          onClick={() => setConfirming(true)}
        >
          <StrokeIcon path="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13" />
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Delete this conversation?"
        message={`“${name}” and all its messages will be deleted for good.`}
        confirmLabel="Delete"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void deleteSession(session.session_id);
        }}
      />
    </div>
  );
}
