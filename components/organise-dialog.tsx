"use client";

import { useEffect, useRef, useState } from "react";
import type { ApiConversation } from "@/lib/chat/api-conversation";
import { folderOutline, useFolders } from "@/lib/client/use-folders";

const button =
  "rounded-lg px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-blue-500 hover:bg-neutral-100 dark:hover:bg-neutral-800";

/**
 * Moves a conversation into a folder, or archives it: the keyboard's way to do what dragging a
 * conversation onto a folder does.
 */
export function OrganiseDialog({
  conversation,
  name,
  open,
  onClose,
  onOrganise,
  onRename,
  onDelete,
}: {
  conversation: ApiConversation;
  name: string;
  open: boolean;
  onClose: () => void;
  onOrganise: (changes: { folder_id?: string | null; archived?: boolean; pinned?: boolean }) => Promise<void>;
  /** Where the sidebar has no room for every button (a phone): rename and delete are here too. */
  onRename: () => void;
  onDelete: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const { folders } = useFolders();
  const [folderId, setFolderId] = useState(conversation.folder_id ?? "");

  useEffect(() => {
    if (open && !dialog.current?.open) {
      setFolderId(conversation.folder_id ?? "");
      dialog.current?.showModal();
    }
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open, conversation.folder_id]);

  const titleId = `organise-${conversation.session_id}`;
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby={titleId}
      className="m-auto w-[min(24rem,90vw)] rounded-2xl border border-neutral-200 bg-white p-5 text-neutral-900 shadow-xl backdrop:bg-black/40 dark:border-neutral-800 dark:bg-neutral-900 dark:text-neutral-100"
    >
      <h2 id={titleId} className="truncate font-semibold text-lg">
        Organise “{name}”
      </h2>
      <label className="mt-4 block text-sm">
        <span className="text-neutral-600 dark:text-neutral-400">Folder</span>
        <select
          value={folderId}
          onChange={(event) => setFolderId(event.target.value)}
          className="mt-1 block w-full rounded-lg border border-neutral-300 bg-white px-2 py-1.5 dark:border-neutral-700 dark:bg-neutral-950"
        >
          <option value="">No folder</option>
          {folderOutline(folders).map(({ folder, depth }) => (
            <option key={folder.id} value={folder.id}>
              {`${"\u00a0\u00a0".repeat(depth - 1)}${folder.name}`}
            </option>
          ))}
        </select>
      </label>
      <div className="mt-4 flex flex-wrap gap-2 md:hidden">
        <button
          type="button"
          className={button}
          onClick={async () => {
            await onOrganise({ pinned: !conversation.pinned });
            onClose();
          }}
        >
          {conversation.pinned ? "Unpin" : "Pin"}
        </button>
        <button
          type="button"
          className={button}
          onClick={() => {
            onClose();
            onRename();
          }}
        >
          Rename
        </button>
        <button
          type="button"
          className={`${button} text-red-700 dark:text-red-400`}
          onClick={() => {
            onClose();
            onDelete();
          }}
        >
          Delete
        </button>
      </div>
      <div className="mt-5 flex flex-wrap justify-end gap-2">
        <button
          type="button"
          className={`${button} mr-auto`}
          onClick={async () => {
            await onOrganise({ archived: !conversation.archived });
            onClose();
          }}
        >
          {conversation.archived ? "Unarchive" : "Archive"}
        </button>
        <button type="button" className={button} onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="rounded-lg bg-neutral-900 px-3 py-1.5 text-sm text-white hover:bg-neutral-700 focus-visible:outline-2 focus-visible:outline-blue-500 dark:bg-neutral-100 dark:text-neutral-900"
          onClick={async () => {
            await onOrganise({ folder_id: folderId || null });
            onClose();
          }}
        >
          Move
        </button>
      </div>
    </dialog>
  );
}
