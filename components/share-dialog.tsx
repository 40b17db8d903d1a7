"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { fetchJson } from "@/lib/client/fetch-json";
import { localTime } from "@/lib/client/format-time";

type ApiShare = { id: string; created_at: string; expires_at: string; public: boolean; show_owner: boolean };

const DAYS = [1, 7, 30, 90, 365];
const button =
  "rounded-lg px-3 py-1.5 text-sm hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:hover:bg-neutral-800";

/**
 * Share links to the conversation as it is now: make one (for how long, whether it says who shared
 * it, and where the instance allows it, for anyone), copy it, revoke the ones made before.
 */
export function ShareDialog({
  conversationId,
  allowPublic,
  open,
  onClose,
}: {
  conversationId: string;
  allowPublic: boolean;
  open: boolean;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [links, setLinks] = useState<ApiShare[]>([]);
  const [days, setDays] = useState(30);
  const [showOwner, setShowOwner] = useState(false);
  const [isPublic, setIsPublic] = useState(false);
  const [made, setMade] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLinks(await fetchJson<ApiShare[]>(`/api/sessions/${conversationId}/shares`).catch(() => []));
  }, [conversationId]);

  useEffect(() => {
    if (open && !dialog.current?.open) {
      setMade(null);
      setError(null);
      void load();
      dialog.current?.showModal();
    }
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open, load]);

  async function create() {
    setError(null);
    try {
      const link = await fetchJson<ApiShare & { url: string }>(`/api/sessions/${conversationId}/shares`, {
        method: "POST",
        json: { expires_in_days: days, show_owner: showOwner, public: allowPublic && isPublic },
      });
      setMade(link.url);
      await load();
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  async function revoke(id: string) {
    try {
      await fetchJson(`/api/shares/${id}`, { method: "DELETE" });
      await load();
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="share-title"
      className="m-auto w-[min(30rem,92vw)] rounded-2xl border border-neutral-200 bg-white p-5 text-neutral-900 shadow-xl backdrop:bg-black/40 dark:border-neutral-800 dark:bg-neutral-900 dark:text-neutral-100"
    >
      <h2 id="share-title" className="font-semibold text-lg">
        Share this conversation
      </h2>
      <p className="mt-1 text-neutral-600 text-sm dark:text-neutral-400">
        The link shows the conversation as it is now, read only
        {allowPublic ? "" : ", to users of this instance"}. Messages added later are not in it.
      </p>
      <div className="mt-4 flex flex-col gap-3 text-sm">
        <label className="flex items-center gap-2">
          <span className="text-neutral-600 dark:text-neutral-400">Expires after</span>
          <select
            value={days}
            onChange={(event) => setDays(Number(event.target.value))}
            className="rounded-lg border border-neutral-300 bg-white px-2 py-1 dark:border-neutral-700 dark:bg-neutral-950"
          >
            {DAYS.map((value) => (
              <option key={value} value={value}>
                {value === 1 ? "1 day" : `${value} days`}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={showOwner}
            onChange={(event) => setShowOwner(event.target.checked)}
          />
          Show that I shared it
        </label>
        {allowPublic && (
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={isPublic}
              onChange={(event) => setIsPublic(event.target.checked)}
            />
            Anyone with the link, logged in or not
          </label>
        )}
      </div>
      {made && (
        <div className="mt-4 flex gap-2">
          <input
            readOnly
            value={made}
            aria-label="Share link"
            onFocus={(event) => event.currentTarget.select()}
            className="min-w-0 flex-1 rounded-lg border border-neutral-300 bg-neutral-50 px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-950"
          />
          <button type="button" className={button} onClick={() => void navigator.clipboard.writeText(made)}>
            Copy
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-3 text-red-700 text-sm dark:text-red-400">
          {error}
        </p>
      )}
      {links.length > 0 && (
        <section aria-labelledby="share-links" className="mt-5">
          <h3 id="share-links" className="font-medium text-neutral-600 text-xs dark:text-neutral-400">
            Links to this conversation
          </h3>
          <ul className="mt-1 flex flex-col gap-1 text-sm">
            {links.map((link) => (
              <li key={link.id} className="flex items-center gap-2">
                <span className="flex-1 text-neutral-600 dark:text-neutral-400">
                  Until {localTime(link.expires_at)}
                  {link.public ? ", public" : ""}
                </span>
                <button type="button" className={button} onClick={() => void revoke(link.id)}>
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="mt-5 flex justify-end gap-2">
        <button type="button" className={button} onClick={onClose}>
          Close
        </button>
        <button
          type="button"
          onClick={() => void create()}
          className="rounded-lg bg-neutral-900 px-3 py-1.5 text-sm text-white hover:bg-neutral-700 focus-visible:outline-2 focus-visible:outline-blue-500 dark:bg-neutral-100 dark:text-neutral-900"
        >
          Create link
        </button>
      </div>
    </dialog>
  );
}
