"use client";

import { usePathname, useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ApiSession } from "@/lib/chat/api-session";
import { SessionList } from "./session-list";
import { StrokeIcon } from "./ui/stroke-icon";

type ShellContext = {
  sessions: ApiSession[];
  hasMore: boolean;
  loadMore: () => Promise<void>;
  reloadSessions: () => Promise<void>;
  renameSession: (id: string, title: string | null) => Promise<void>;
  deleteSession: (id: string) => Promise<void>;
  chatNonce: number;
  startNewChat: () => void;
};

const Context = createContext<ShellContext | null>(null);

export function useShell(): ShellContext {
  const context = useContext(Context);
  if (!context) throw new Error("useShell must be used inside <ChatShell>");
  return context;
}

async function fetchSessions(cursor?: string | null) {
  const response = await fetch(
    `/api/sessions?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    {
      cache: "no-store",
    },
  );
  if (!response.ok) throw new Error(`The server answered ${response.status}.`);
  return { sessions: (await response.json()) as ApiSession[], cursor: response.headers.get("x-next-cursor") };
}

export function ChatShell({
  username,
  isAdmin,
  initialSessions,
  initialCursor,
  children,
}: {
  username: string;
  isAdmin: boolean;
  initialSessions: ApiSession[];
  initialCursor: string | null;
  children: React.ReactNode;
}) {
  const [sessions, setSessions] = useState(initialSessions);
  const [cursor, setCursor] = useState(initialCursor);
  const [chatNonce, setChatNonce] = useState(0);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const pathname = usePathname();
  const router = useRouter();

  // biome-ignore lint/correctness/useExhaustiveDependencies: closing the drawer is the effect of navigating
  useEffect(() => setDrawerOpen(false), [pathname]);

  const reloadSessions = useCallback(async () => {
    const page = await fetchSessions().catch(() => null);
    if (!page) return;
    setSessions(page.sessions);
    setCursor(page.cursor);
  }, []);

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    const page = await fetchSessions(cursor).catch(() => null);
    if (!page) return;
    setSessions((current) => {
      const seen = new Set(current.map((session) => session.session_id));
      return [...current, ...page.sessions.filter((session) => !seen.has(session.session_id))];
    });
    setCursor(page.cursor);
  }, [cursor]);

  const renameSession = useCallback(async (id: string, title: string | null) => {
    const response = await fetch(`/api/sessions/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title }),
    });
    if (!response.ok) return;
    const updated = (await response.json()) as ApiSession;
    setSessions((current) => current.map((session) => (session.session_id === id ? updated : session)));
  }, []);

  const deleteSession = useCallback(
    async (id: string) => {
      const response = await fetch(`/api/sessions/${id}`, { method: "DELETE" });
      if (!response.ok && response.status !== 404) return;
      setSessions((current) => current.filter((session) => session.session_id !== id));
      if (window.location.pathname === `/interact_history/${id}`) {
        setChatNonce((n) => n + 1);
        router.push("/interact_history");
      }
    },
    [router],
  );

  const value = useMemo(
    () => ({
      sessions,
      hasMore: cursor !== null,
      loadMore,
      reloadSessions,
      renameSession,
      deleteSession,
      chatNonce,
      startNewChat: () => setChatNonce((n) => n + 1),
    }),
    [sessions, cursor, loadMore, reloadSessions, renameSession, deleteSession, chatNonce],
  );

  return (
    <Context.Provider value={value}>
      <div className="flex h-dvh overflow-hidden">
        <div
          className={`fixed inset-0 z-20 bg-black/40 md:hidden ${drawerOpen ? "" : "hidden"}`}
          onClick={() => setDrawerOpen(false)}
          aria-hidden="true"
        />
        <aside
          id="sidebar"
          className={`fixed inset-y-0 left-0 z-30 w-72 max-w-[85vw] transform border-neutral-200 border-r bg-neutral-50 transition-transform md:static md:translate-x-0 dark:border-neutral-800 dark:bg-neutral-900 ${
            drawerOpen ? "translate-x-0" : "-translate-x-full"
          }`}
        >
          <SessionList username={username} isAdmin={isAdmin} />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex items-center gap-2 border-neutral-200 border-b px-3 py-2 md:hidden dark:border-neutral-800">
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
            <span className="font-semibold">Chat</span>
          </header>
          {children}
        </div>
      </div>
    </Context.Provider>
  );
}
