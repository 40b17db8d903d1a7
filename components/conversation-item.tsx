"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type KeyboardEvent, useState } from "react";
import { type ApiConversation, conversationName } from "@/lib/chat/api-conversation";
import { ConfirmDialog } from "./confirm-dialog";
import { OrganiseDialog } from "./organise-dialog";
import { useShell } from "./shell-context";
import { StrokeIcon } from "./ui/stroke-icon";

/** What a conversation dragged from the sidebar carries: its id. */
export const CONVERSATION_DRAG_TYPE = "application/x-chat-conversation";

const iconButton =
  "rounded-md p-1 text-neutral-500 hover:bg-neutral-200 hover:text-neutral-900 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-neutral-400 dark:hover:bg-neutral-700 dark:hover:text-neutral-100";

/**
 * A conversation in the sidebar. Its rename and delete buttons lie over the end of the name only
 * while it is pointed at or focused (always on a touch screen), so they never shorten the name.
 */
export function ConversationItem({
  conversation,
  active,
}: {
  conversation: ApiConversation;
  active: boolean;
}) {
  const { list, startNewChat } = useShell();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [organising, setOrganising] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = conversationName(conversation);

  async function rename(title: string | null) {
    setEditing(false);
    try {
      await list.rename(conversation.session_id, title);
      setError(null);
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  async function organise(changes: { folder_id?: string | null; pinned?: boolean; archived?: boolean }) {
    try {
      await list.organise(conversation.session_id, changes);
      setError(null);
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  async function remove() {
    setConfirming(false);
    try {
      await list.remove(conversation.session_id);
      if (window.location.pathname === `/interact_history/${conversation.session_id}`) startNewChat();
    } catch (caught) {
      setError((caught as Error).message);
    }
    router.refresh();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      void rename(event.currentTarget.value.trim() || null);
    }
    if (event.key === "Escape") setEditing(false);
  }

  if (editing) {
    return (
      <input
        defaultValue={conversation.title ?? conversation.summary ?? ""}
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
    <>
      <div
        className={`group relative flex items-center rounded-lg ${
          active ? "bg-neutral-200 dark:bg-neutral-800" : "hover:bg-neutral-100 dark:hover:bg-neutral-800/60"
        }`}
      >
        <Link
          href={`/interact_history/${conversation.session_id}`}
          // Dropped on a folder, it moves there.
          onDragStart={(event) => {
            event.dataTransfer.setData(CONVERSATION_DRAG_TYPE, conversation.session_id);
            event.dataTransfer.effectAllowed = "move";
          }}
          aria-current={active ? "page" : undefined}
          title={name}
          className={`min-w-0 flex-1 truncate px-3 py-2 text-sm ${active ? "font-medium" : ""} ${
            conversation.title || conversation.summary ? "" : "text-neutral-600 italic dark:text-neutral-400"
          }`}
        >
          {name}
        </Link>
        <div
          className={`absolute inset-y-0 right-0 flex items-center gap-0.5 rounded-r-lg pr-1 pl-4 opacity-100 md:opacity-0 md:group-focus-within:opacity-100 md:group-hover:opacity-100 ${
            active
              ? "bg-gradient-to-l from-neutral-200 from-70% dark:from-neutral-800"
              : "bg-gradient-to-l from-neutral-100 from-70% dark:from-neutral-800"
          }`}
        >
          <button
            type="button"
            className={`${iconButton} hidden md:block`}
            aria-label={`${conversation.pinned ? "Unpin" : "Pin"} ${name}`}
            aria-pressed={conversation.pinned}
            onClick={() => void organise({ pinned: !conversation.pinned })}
          >
            <StrokeIcon path="M9 4h6l-1 6 4 4H6l4-4-1-6zM12 14v6" />
          </button>
          <button
            type="button"
            className={iconButton}
            aria-label={`Move or archive ${name}`}
            onClick={() => setOrganising(true)}
          >
            <StrokeIcon path="M3 7h6l2 2h10v10H3zM12 12v4M10 14h4" />
          </button>
          <button
            type="button"
            className={`${iconButton} hidden md:block`}
            aria-label={`Rename ${name}`}
            onClick={() => setEditing(true)}
          >
            <StrokeIcon path="M4 20h4L18.5 9.5a2.1 2.1 0 0 0-4-4L4 16v4z" />
          </button>
          <button
            type="button"
            className={`${iconButton} hidden md:block`}
            aria-label={`Delete ${name}`}
            onClick={() => setConfirming(true)}
          >
            <StrokeIcon path="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13" />
          </button>
        </div>
        <OrganiseDialog
          conversation={conversation}
          name={name}
          open={organising}
          onClose={() => setOrganising(false)}
          onOrganise={organise}
          onRename={() => setEditing(true)}
          onDelete={() => setConfirming(true)}
        />
        <ConfirmDialog
          open={confirming}
          title="Delete this conversation?"
          message={`“${name}” and all its messages will be deleted for good.`}
          confirmLabel="Delete"
          onCancel={() => setConfirming(false)}
          onConfirm={() => void remove()}
        />
      </div>
      {error && (
        <p role="alert" className="px-3 pb-1 text-red-600 text-xs dark:text-red-400">
          {error}
        </p>
      )}
    </>
  );
}
