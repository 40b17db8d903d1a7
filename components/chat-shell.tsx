"use client";

import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { conversationName } from "@/lib/chat/api-conversation";
import { type ConversationPage, useConversationList } from "@/lib/client/use-conversation-list";
import { ConversationList } from "./conversation-list";
import { type Shell, ShellContext } from "./shell-context";
import { StrokeIcon } from "./ui/stroke-icon";

const PAGE_TITLES: Record<string, string> = { "/settings": "Settings", "/admin": "Administration" };

function useShortcuts(shortcuts: { newChat: () => void; search: () => void }) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = event.metaKey || event.ctrlKey;
      if (!mod) return;
      const key = event.key.toLowerCase();
      if (key === "o" && event.shiftKey) {
        event.preventDefault();
        shortcuts.newChat();
      } else if (key === "k" && !event.shiftKey) {
        event.preventDefault();
        shortcuts.search();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [shortcuts]);
}

/** The chat's frame: the sidebar (a drawer on a phone), a top bar on a phone, and the page. */
export function ChatShell({
  username,
  isAdmin,
  initialConversations,
  initialCursor,
  children,
}: {
  username: string;
  isAdmin: boolean;
  initialConversations: ConversationPage["conversations"];
  initialCursor: string | null;
  children: React.ReactNode;
}) {
  const list = useConversationList({ conversations: initialConversations, next: initialCursor });
  const [chatNonce, setChatNonce] = useState(0);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const searchBox = useRef<HTMLInputElement>(null);
  const pathname = usePathname();
  const router = useRouter();

  // biome-ignore lint/correctness/useExhaustiveDependencies: closing the drawer is the effect of navigating
  useEffect(() => setDrawerOpen(false), [pathname]);

  const startNewChat = useCallback(() => {
    setChatNonce((n) => n + 1);
    router.push("/interact_history");
  }, [router]);

  const focusSearch = useCallback(() => {
    setDrawerOpen(true);
    // The drawer slides in on a phone: focus once it is there.
    requestAnimationFrame(() => searchBox.current?.focus());
  }, []);

  const shortcuts = useMemo(
    () => ({ newChat: startNewChat, search: focusSearch }),
    [startNewChat, focusSearch],
  );
  useShortcuts(shortcuts);

  const shell: Shell = useMemo(
    () => ({ list, chatNonce, startNewChat, focusSearch }),
    [list, chatNonce, startNewChat, focusSearch],
  );

  const openId = /^\/interact_history\/([0-9a-f-]{36})/.exec(pathname ?? "")?.[1];
  const open = openId
    ? list.conversations.find((conversation) => conversation.session_id === openId)
    : undefined;
  const title = open ? conversationName(open) : (PAGE_TITLES[pathname ?? ""] ?? "New chat");

  return (
    <ShellContext.Provider value={shell}>
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-white px-3 py-2 text-sm shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 dark:bg-neutral-900"
      >
        Skip to the chat
      </a>
      <div className="flex h-dvh overflow-hidden">
        <div
          className={`fixed inset-0 z-20 bg-black/40 md:hidden ${drawerOpen ? "" : "hidden"}`}
          onClick={() => setDrawerOpen(false)}
          aria-hidden="true"
        />
        <aside
          id="sidebar"
          className={`fixed inset-y-0 left-0 z-30 w-72 max-w-[85vw] transform border-neutral-200 border-r bg-neutral-50 transition-[translate,visibility] md:visible md:static md:translate-x-0 dark:border-neutral-800 dark:bg-neutral-900 ${
            drawerOpen ? "visible translate-x-0" : "invisible -translate-x-full"
          }`}
        >
          <ConversationList username={username} isAdmin={isAdmin} searchBox={searchBox} />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex items-center gap-1 border-neutral-200 border-b px-2 py-1.5 md:hidden dark:border-neutral-800">
            <button
              type="button"
              className="rounded-lg p-2 hover:bg-neutral-100 dark:hover:bg-neutral-800"
              aria-label="Show conversations"
              aria-controls="sidebar"
              aria-expanded={drawerOpen}
              onClick={() => setDrawerOpen(true)}
            >
              <StrokeIcon path="M4 6h16M4 12h16M4 18h16" className="size-5" />
            </button>
            <span className="min-w-0 flex-1 truncate text-center font-semibold" data-testid="page-title">
              {title}
            </span>
            <button
              type="button"
              className="rounded-lg p-2 hover:bg-neutral-100 dark:hover:bg-neutral-800"
              aria-label="New chat"
              onClick={startNewChat}
            >
              <StrokeIcon path="M12 5v14M5 12h14" className="size-5" />
            </button>
          </header>
          <div id="main" tabIndex={-1} className="flex min-h-0 flex-1 flex-col outline-none">
            {children}
          </div>
        </div>
      </div>
    </ShellContext.Provider>
  );
}
