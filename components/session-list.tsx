"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useShell } from "./chat-shell";

export function SessionList({ username }: { username: string }) {
  const { sessions, startNewChat } = useShell();
  const pathname = usePathname();
  const router = useRouter();

  function newChat() {
    startNewChat();
    router.push("/interact_history");
  }

  return (
    <div className="flex h-full flex-col">
      <div className="p-3">
        <button
          type="button"
          onClick={newChat}
          className="flex w-full items-center gap-2 rounded-lg border border-neutral-300 px-3 py-2 font-medium text-sm hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:border-neutral-700 dark:hover:bg-neutral-800"
        >
          <svg
            viewBox="0 0 24 24"
            className="size-4"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            aria-hidden="true"
          >
            <path d="M12 5v14M5 12h14" />
          </svg>
          New chat
        </button>
      </div>
      <nav aria-label="Conversations" className="flex-1 overflow-y-auto px-2 pb-2">
        {sessions.length === 0 ? (
          <p className="px-2 py-4 text-neutral-500 text-sm dark:text-neutral-400">
            Your conversations will appear here.
          </p>
        ) : (
          <ul className="flex flex-col gap-0.5">
            {sessions.map((session) => {
              const href = `/interact_history/${session.session_id}`;
              const active = pathname === href;
              return (
                <li key={session.session_id}>
                  <Link
                    href={href}
                    aria-current={active ? "page" : undefined}
                    title={session.summary ?? undefined}
                    className={`block truncate rounded-lg px-3 py-2 text-sm ${
                      active
                        ? "bg-neutral-200 font-medium dark:bg-neutral-800"
                        : "hover:bg-neutral-100 dark:hover:bg-neutral-800/60"
                    }`}
                  >
                    {session.summary}
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
      </nav>
      <div className="flex items-center justify-between gap-2 border-neutral-200 border-t p-3 text-sm dark:border-neutral-800">
        <span className="truncate text-neutral-600 dark:text-neutral-400" title={username}>
          {username}
        </span>
        <form action="/logout" method="post">
          <button
            type="submit"
            className="rounded-lg px-3 py-1.5 hover:bg-neutral-200 focus-visible:outline-2 focus-visible:outline-blue-500 dark:hover:bg-neutral-800"
          >
            Log out
          </button>
        </form>
      </div>
    </div>
  );
}
