"use client";

import { usePathname } from "next/navigation";
import { type DragEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import {
  type ApiFolder,
  folderConversationsKey,
  useConversationsAt,
  useFolders,
} from "@/lib/client/use-folders";
import { CONVERSATION_DRAG_TYPE, ConversationItem } from "./conversation-item";
import { useShell } from "./shell-context";
import { StrokeIcon } from "./ui/stroke-icon";

const MAX_DEPTH = 3;

const iconButton =
  "rounded-md p-1 text-neutral-500 hover:bg-neutral-200 hover:text-neutral-900 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-neutral-400 dark:hover:bg-neutral-700 dark:hover:text-neutral-100";

/** A text box for a new folder's name: Enter makes it, Escape leaves it. */
function NewFolderInput({
  onDone,
  onCreate,
}: {
  onDone: () => void;
  onCreate: (name: string) => Promise<void>;
}) {
  const [error, setError] = useState<string | null>(null);
  async function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Escape") onDone();
    if (event.key !== "Enter") return;
    event.preventDefault();
    const name = event.currentTarget.value.trim();
    if (!name) return onDone();
    try {
      await onCreate(name);
      onDone();
    } catch (caught) {
      setError((caught as Error).message);
    }
  }
  return (
    <div className="px-1 py-0.5">
      <input
        aria-label="New folder's name"
        placeholder="Folder name"
        maxLength={100}
        onKeyDown={onKeyDown}
        onBlur={() => !error && onDone()}
        className="w-full rounded-lg border border-blue-500 bg-white px-3 py-1 text-sm outline-none dark:bg-neutral-950"
        // biome-ignore lint/a11y/noAutofocus: the user just asked for a new folder
        autoFocus
      />
      {error && (
        <p role="alert" className="px-2 pt-1 text-red-600 text-xs dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}

/** Asks whether a folder's conversations go with it. */
function DeleteFolderDialog({
  folder,
  onCancel,
  onDelete,
}: {
  folder: ApiFolder;
  onCancel: () => void;
  onDelete: (withConversations: boolean) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  return (
    <dialog
      ref={dialog}
      onClose={onCancel}
      aria-labelledby={`delete-folder-${folder.id}`}
      className="m-auto w-[min(24rem,90vw)] rounded-2xl border border-neutral-200 bg-white p-5 text-neutral-900 shadow-xl backdrop:bg-black/40 dark:border-neutral-800 dark:bg-neutral-900 dark:text-neutral-100"
    >
      <h2 id={`delete-folder-${folder.id}`} className="font-semibold text-lg">
        Delete “{folder.name}”?
      </h2>
      <p className="mt-2 text-neutral-600 text-sm dark:text-neutral-400">
        The folders in it go too. Its conversations can stay, in no folder, or be deleted for good.
      </p>
      <div className="mt-5 flex flex-wrap justify-end gap-2">
        <button
          type="button"
          className="rounded-lg px-3 py-1.5 text-sm hover:bg-neutral-100 dark:hover:bg-neutral-800"
          onClick={onCancel}
        >
          Cancel
        </button>
        <button
          type="button"
          className="rounded-lg px-3 py-1.5 text-red-700 text-sm hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950"
          onClick={() => onDelete(true)}
        >
          Delete with its conversations
        </button>
        <button
          type="button"
          // biome-ignore lint/a11y/noAutofocus: the safer choice is the one to confirm with Enter
          autoFocus
          className="rounded-lg bg-neutral-900 px-3 py-1.5 text-sm text-white hover:bg-neutral-700 dark:bg-neutral-100 dark:text-neutral-900"
          onClick={() => onDelete(false)}
        >
          Delete, keep conversations
        </button>
      </div>
    </dialog>
  );
}

function FolderNode({ folder, all, depth }: { folder: ApiFolder; all: ApiFolder[]; depth: number }) {
  const { list } = useShell();
  const { create, remove } = useFolders();
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [dropping, setDropping] = useState(false);
  const conversations = useConversationsAt(open ? folderConversationsKey(folder.id) : null);
  const children = all.filter((candidate) => candidate.parent_id === folder.id);

  function onDrop(event: DragEvent) {
    setDropping(false);
    const id = event.dataTransfer.getData(CONVERSATION_DRAG_TYPE);
    if (!id) return;
    event.preventDefault();
    void list.organise(id, { folder_id: folder.id });
  }

  return (
    <li>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the pointer; the keyboard moves conversations with "Move or archive" */}
      <div
        onDragOver={(event) => {
          if (!event.dataTransfer.types.includes(CONVERSATION_DRAG_TYPE)) return;
          event.preventDefault();
          setDropping(true);
        }}
        onDragLeave={() => setDropping(false)}
        onDrop={onDrop}
        data-testid="folder"
        className={`group flex items-center rounded-lg ${dropping ? "bg-blue-100 ring-2 ring-blue-400 dark:bg-blue-950" : "hover:bg-neutral-100 dark:hover:bg-neutral-800/60"}`}
      >
        <button
          type="button"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          className="flex min-w-0 flex-1 items-center gap-1.5 px-2 py-1.5 text-left text-sm focus-visible:outline-2 focus-visible:outline-blue-500"
        >
          <StrokeIcon path={open ? "M6 9l6 6 6-6" : "M9 6l6 6-6 6"} />
          <span className="truncate">{folder.name}</span>
        </button>
        <div className="flex items-center gap-0.5 pr-1 opacity-100 md:opacity-0 md:group-focus-within:opacity-100 md:group-hover:opacity-100">
          {depth < MAX_DEPTH && (
            <button
              type="button"
              className={iconButton}
              aria-label={`New folder in ${folder.name}`}
              onClick={() => {
                setOpen(true);
                setAdding(true);
              }}
            >
              <StrokeIcon path="M12 5v14M5 12h14" />
            </button>
          )}
          <button
            type="button"
            className={iconButton}
            aria-label={`Delete folder ${folder.name}`}
            onClick={() => setDeleting(true)}
          >
            <StrokeIcon path="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13" />
          </button>
        </div>
      </div>
      {deleting && (
        <DeleteFolderDialog
          folder={folder}
          onCancel={() => setDeleting(false)}
          onDelete={async (withConversations) => {
            setDeleting(false);
            await remove(folder.id, withConversations);
            await list.refresh();
          }}
        />
      )}
      {open && (
        <ul
          aria-label={`In ${folder.name}`}
          className="ml-3 flex flex-col gap-0.5 border-neutral-200 border-l pl-1 dark:border-neutral-800"
        >
          {adding && (
            <NewFolderInput onDone={() => setAdding(false)} onCreate={(name) => create(name, folder.id)} />
          )}
          {children.map((child) => (
            <FolderNode key={child.id} folder={child} all={all} depth={depth + 1} />
          ))}
          {conversations.map((conversation) => (
            <li key={conversation.session_id}>
              <ConversationItem
                conversation={conversation}
                active={pathname === `/interact_history/${conversation.session_id}`}
              />
            </li>
          ))}
          {children.length === 0 && conversations.length === 0 && !adding && (
            <li className="px-3 py-1 text-neutral-500 text-xs dark:text-neutral-400">
              Empty: drag a conversation here.
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

/** The sidebar's folders: open and close them, make them, drop conversations on them. */
export function FolderTree() {
  const { folders, create } = useFolders();
  const [adding, setAdding] = useState(false);
  return (
    <section aria-labelledby="folders-heading" className="mb-3">
      <div className="flex items-center px-3 pt-2 pb-1">
        <h2
          id="folders-heading"
          className="flex-1 font-medium text-neutral-500 text-xs dark:text-neutral-400"
        >
          Folders
        </h2>
        <button type="button" className={iconButton} aria-label="New folder" onClick={() => setAdding(true)}>
          <StrokeIcon path="M12 5v14M5 12h14" />
        </button>
      </div>
      <ul className="flex flex-col gap-0.5">
        {adding && <NewFolderInput onDone={() => setAdding(false)} onCreate={(name) => create(name, null)} />}
        {folders
          .filter((folder) => folder.parent_id === null)
          .map((folder) => (
            <FolderNode key={folder.id} folder={folder} all={folders} depth={1} />
          ))}
      </ul>
    </section>
  );
}
