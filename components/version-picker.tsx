"use client";

import type { ClientMessage } from "@/lib/client/conversation-state";

const arrowClass =
  "rounded-md px-2 py-1 text-base leading-none text-neutral-500 hover:bg-neutral-100 hover:text-neutral-800 focus-visible:outline-2 focus-visible:outline-blue-500 disabled:opacity-40 disabled:hover:bg-transparent dark:text-neutral-400 dark:hover:bg-neutral-800 dark:hover:text-neutral-200";

/** `< 2/3 >` under a message that has other versions: steps to the one before or after it. */
export function VersionPicker({
  message,
  disabled,
  onStep,
}: {
  message: ClientMessage;
  disabled: boolean;
  onStep: (messageId: string) => void;
}) {
  const versions = message.sibling_ids;
  if (versions.length < 2) return null;
  const at = versions.indexOf(message.id);
  const previous = at > 0 ? versions[at - 1] : undefined;
  const next = at >= 0 && at < versions.length - 1 ? versions[at + 1] : undefined;
  return (
    <fieldset
      aria-label="Versions"
      className="m-0 flex min-w-0 items-center border-0 p-0 text-neutral-500 text-xs dark:text-neutral-400"
    >
      <button
        type="button"
        className={arrowClass}
        aria-label="Previous version"
        disabled={disabled || !previous}
        onClick={() => previous && onStep(previous)}
      >
        ‹
      </button>
      <span className="tabular-nums" data-testid="version">{`${at + 1}/${versions.length}`}</span>
      <button
        type="button"
        className={arrowClass}
        aria-label="Next version"
        disabled={disabled || !next}
        onClick={() => next && onStep(next)}
      >
        ›
      </button>
    </fieldset>
  );
}
