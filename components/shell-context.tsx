"use client";

import { createContext, useContext } from "react";
import type { useConversationList } from "@/lib/client/use-conversation-list";

/** What the chat's frame shares with what it frames: the sidebar's list, and a fresh start. */
export type Shell = {
  list: ReturnType<typeof useConversationList>;
  /** Changes whenever "New chat" is chosen, so that a new chat starts even on the same URL. */
  chatNonce: number;
  startNewChat: () => void;
  /** Brings the search box into view and focus (Ctrl+K). */
  focusSearch: () => void;
};

export const ShellContext = createContext<Shell | null>(null);

export function useShell(): Shell {
  const shell = useContext(ShellContext);
  if (!shell) throw new Error("useShell must be used inside <ChatShell>");
  return shell;
}
