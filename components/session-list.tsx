"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { type ChangeEvent, useEffect, useRef, useState } from "react";
import { useShell } from "./chat-shell";
import { groupByDate } from "./date-groups";
import { SessionItem } from "./session-item";
import { SearchResults } from "./session-search";
import { StrokeIcon } from "./ui/stroke-icon";

function useLoadMoreOnScroll(hasMore: boolean, loadMore: () => Promise<void>) {
  const sentinel = useRef<HTMLDivElement>(null);
  const loading = useRef(false);
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasMore) return;
    const observer = new IntersectionObserver(async ([entry]) => {
      if (!entry?.isIntersecting || loading.current) return;
      loading.current = true;
      await loadMore();
      loading.current = false;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, loadMore]);
  return sentinel;
}

function AccountFooter({ username, isAdmin }: { username: string; isAdmin: boolean }) {
  const { reloadSessions } = useShell();
  const [status, setStatus] = useState<string | null>(null);

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setStatus("Importing…");
    const response = await fetch("/api/import", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: await file.text(),
    });
    const body = (await response.json().catch(() => ({}))) as { imported?: number; error?: string };
    setStatus(response.ok ? `Imported ${body.imported} conversations.` : (body.error ?? "Import failed."));
    await reloadSessions();
  }

  const link =
    "rounded-lg px-2 py-1 hover:bg-neutral-200 focus-visible:outline-2 focus-visible:outline-blue-500 dark:hover:bg-neutral-800";
  return (
    <div className="border-neutral-200 border-t p-3 text-sm dark:border-neutral-800">
      {status && (
        <p role="status" className="mb-2 text-neutral-600 text-xs dark:text-neutral-400">
          {status}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-1">
        <span className="mr-auto truncate text-neutral-600 dark:text-neutral-400" title={username}>
          {username}
        </span>
        {isAdmin && (
          <Link href="/admin" className={link}>
            Admin
          </Link>
        )}
        <Link href="/settings" className={link}>
          Settings
        </Link>
        <a href="/api/export" download className={link}>
          Export
        </a>
        <label className={`${link} cursor-pointer`}>
          Import
          <input type="file" accept="application/json,.json" className="sr-only" onChange={importFile} />
        </label>
        <form action="/logout" method="post">
          <button type="submit" className={link}>
            Log out
          </button>
        </form>
      </div>
    </div>
  );
}

export function SessionList({ username, isAdmin }: { username: string; isAdmin: boolean }) {
  const { sessions, hasMore, loadMore, startNewChat } = useShell();
  const [query, setQuery] = useState("");
  const pathname = usePathname();
  const router = useRouter();
  const sentinel = useLoadMoreOnScroll(hasMore && query.trim() === "", loadMore);

  function newChat() {
    startNewChat();
    router.push("/interact_history");
  }

  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-col gap-2 p-3">
        <button
          type="button"
          onClick={newChat}
          className="flex w-full items-center gap-2 rounded-lg border border-neutral-300 px-3 py-2 font-medium text-sm hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:border-neutral-700 dark:hover:bg-neutral-800"
        >
          <StrokeIcon path="M12 5v14M5 12h14" />
          New chat
        </button>
        <input
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="Search conversations"
          aria-label="Search conversations"
          className="w-full rounded-lg border border-neutral-300 bg-white px-3 py-1.5 text-sm outline-none focus:border-blue-500 focus:ring-2 focus:ring-blue-500/30 dark:border-neutral-700 dark:bg-neutral-950"
        />
      </div>
      <nav aria-label="Conversations" className="flex-1 overflow-y-auto px-2 pb-2">
        {query.trim() !== "" ? (
          <SearchResults query={query.trim()} />
        ) : sessions.length === 0 ? (
          <p className="px-2 py-4 text-neutral-500 text-sm dark:text-neutral-400">
            Your conversations will appear here.
          </p>
        ) : (
          groupByDate(sessions).map((group) => (
            <section key={group.label} aria-label={group.label} className="mb-3">
              <h2 className="px-3 pt-2 pb-1 font-medium text-neutral-500 text-xs dark:text-neutral-400">
                {group.label}
              </h2>
              <ul className="flex flex-col gap-0.5">
                {group.sessions.map((session) => (
                  <li key={session.session_id}>
                    <SessionItem
                      session={session}
                      active={pathname === `/interact_history/${session.session_id}`}
                    />
                  </li>
                ))}
              </ul>
            </section>
          ))
        )}
        {query.trim() === "" && hasMore && (
          <div ref={sentinel} className="px-3 py-2 text-neutral-500 text-xs" role="status">
            Loading more…
          </div>
        )}
      </nav>
      <AccountFooter username={username} isAdmin={isAdmin} />
    </div>
  );
}
