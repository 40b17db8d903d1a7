"use client";

import { usePathname } from "next/navigation";
import { type RefObject, useEffect, useRef, useState } from "react";
import { ARCHIVED_KEY, useConversationsAt } from "@/lib/client/use-folders";
import { AccountMenu } from "./account-menu";
import { ConversationItem } from "./conversation-item";
import { SearchResults } from "./conversation-search";
import { groupByDate } from "./date-groups";
import { FolderTree } from "./folder-tree";
import { useShell } from "./shell-context";
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
      await loadMore().catch(() => {});
      loading.current = false;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, loadMore]);
  return sentinel;
}

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** The sidebar: a new chat, search, the conversations by date, and the account's menu. */
export function ConversationList({
  username,
  isAdmin,
  searchBox,
}: {
  username: string;
  isAdmin: boolean;
  searchBox: RefObject<HTMLInputElement | null>;
}) {
  const { list, startNewChat } = useShell();
  const [query, setQuery] = useState("");
  const [showArchived, setShowArchived] = useState(false);
  const archived = useConversationsAt(showArchived ? ARCHIVED_KEY : null);
  const [mod, setMod] = useState("Ctrl");
  const pathname = usePathname();
  const searching = query.trim() !== "";
  const sentinel = useLoadMoreOnScroll(list.hasMore && !searching, list.loadMore);

  useEffect(() => setMod(isMac() ? "⌘" : "Ctrl"), []);

  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-col gap-2 p-3">
        <button
          type="button"
          onClick={startNewChat}
          title={`New chat (${mod}+Shift+O)`}
          className="flex w-full items-center gap-2 rounded-lg border border-neutral-300 px-3 py-2 font-medium text-sm hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:border-neutral-700 dark:hover:bg-neutral-800"
        >
          <StrokeIcon path="M12 5v14M5 12h14" />
          New chat
          <kbd className="ml-auto hidden font-sans text-neutral-500 text-xs md:inline dark:text-neutral-400">
            {mod}+Shift+O
          </kbd>
        </button>
        <div className="relative">
          <input
            ref={searchBox}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") setQuery("");
            }}
            placeholder="Search conversations"
            aria-label="Search conversations"
            aria-keyshortcuts="Control+K Meta+K"
            className="w-full rounded-lg border border-neutral-300 bg-white py-1.5 pr-14 pl-3 text-sm outline-none focus:border-blue-500 focus:ring-2 focus:ring-blue-500/30 dark:border-neutral-700 dark:bg-neutral-950"
          />
          <kbd className="pointer-events-none absolute top-1/2 right-2 hidden -translate-y-1/2 font-sans text-neutral-500 text-xs md:inline dark:text-neutral-400">
            {mod}+K
          </kbd>
        </div>
      </div>
      <nav aria-label="Conversations" className="flex-1 overflow-y-auto px-2 pb-2">
        {searching ? (
          <SearchResults query={query.trim()} />
        ) : showArchived ? (
          <section aria-labelledby="archived-heading" className="mb-3">
            <h2
              id="archived-heading"
              className="px-3 pt-2 pb-1 font-medium text-neutral-500 text-xs dark:text-neutral-400"
            >
              Archived
            </h2>
            {archived.length === 0 ? (
              <p className="px-3 py-2 text-neutral-500 text-sm dark:text-neutral-400">Nothing archived.</p>
            ) : (
              <ul className="flex flex-col gap-0.5">
                {archived.map((conversation) => (
                  <li key={conversation.session_id}>
                    <ConversationItem
                      conversation={conversation}
                      active={pathname === `/interact_history/${conversation.session_id}`}
                    />
                  </li>
                ))}
              </ul>
            )}
          </section>
        ) : list.conversations.length === 0 ? (
          <p className="px-2 py-4 text-neutral-500 text-sm dark:text-neutral-400">
            Your conversations will appear here.
          </p>
        ) : (
          <>
            <FolderTree />
            {groupByDate(list.conversations).map((group) => (
              <section key={group.label} aria-label={group.label} className="mb-3">
                <h2 className="px-3 pt-2 pb-1 font-medium text-neutral-500 text-xs dark:text-neutral-400">
                  {group.label}
                </h2>
                <ul className="flex flex-col gap-0.5">
                  {group.conversations.map((conversation) => (
                    <li key={conversation.session_id}>
                      <ConversationItem
                        conversation={conversation}
                        active={pathname === `/interact_history/${conversation.session_id}`}
                      />
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </>
        )}
        {!searching && !showArchived && list.hasMore && (
          <div ref={sentinel} className="px-3 py-2 text-neutral-500 text-xs" role="status">
            Loading more…
          </div>
        )}
      </nav>
      {!searching && (
        <button
          type="button"
          aria-pressed={showArchived}
          onClick={() => setShowArchived(!showArchived)}
          className="mx-2 mb-1 flex items-center gap-2 rounded-lg px-3 py-1.5 text-left text-neutral-600 text-sm hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-neutral-400 dark:hover:bg-neutral-800"
        >
          <StrokeIcon path="M4 7h16v3H4zM5 10v9h14v-9M10 14h4" />
          {showArchived ? "Back to conversations" : "Archived"}
        </button>
      )}
      <AccountMenu username={username} isAdmin={isAdmin} />
    </div>
  );
}
