"use client";

import { useState } from "react";
import { MODEL_NOT_CONFIGURED } from "@/lib/ai/model-not-configured";
import type { ApiMessage } from "@/lib/chat/api-message";
import { ChatInput } from "./chat-input";
import { useShell } from "./chat-shell";
import { MessageList } from "./message-list";

type ChatProps = { sessionId: string | null; initialMessages: ApiMessage[]; modelConfigured: boolean };

let localIds = 0;

function localMessage(role: ApiMessage["role"], content: string, error?: string): ApiMessage {
  return {
    id: `local-${++localIds}`,
    role,
    content,
    status: error ? "error" : "complete",
    ...(error ? { error } : {}),
    timestamp: new Date().toISOString(),
  };
}

async function errorOf(response: Response): Promise<string> {
  if (response.status === 401) return "Your session has ended. Reload the page and log in again.";
  const body = (await response.json().catch(() => null)) as { error?: string } | null;
  return body?.error ?? `The server answered ${response.status}.`;
}

async function createSession(): Promise<string> {
  const response = await fetch("/api/new-session", { method: "POST" });
  if (!response.ok) throw new Error(await errorOf(response));
  return ((await response.json()) as { session_id: string }).session_id;
}

function ChatView({ sessionId: initialSessionId, initialMessages, modelConfigured }: ChatProps) {
  const { reloadSessions } = useShell();
  const [sessionId, setSessionId] = useState(initialSessionId);
  const [messages, setMessages] = useState(initialMessages);
  const [busy, setBusy] = useState(false);

  async function send(text: string) {
    setMessages((current) => [...current, localMessage("user", text)]);
    setBusy(true);
    try {
      let id = sessionId;
      if (!id) {
        id = await createSession();
        setSessionId(id);
        window.history.replaceState(null, "", `/interact_history/${id}`);
      }
      const response = await fetch("/api", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ data: text, session_id: id }),
      });
      if (response.ok) {
        const body = (await response.json()) as { history: ApiMessage[] };
        setMessages(body.history);
      } else {
        const error = await errorOf(response);
        setMessages((current) => [...current, localMessage("assistant", "", error)]);
      }
      await reloadSessions();
    } catch (error) {
      const reason =
        error instanceof TypeError
          ? "Could not reach the server. Check your connection."
          : (error as Error).message;
      setMessages((current) => [...current, localMessage("assistant", "", reason)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="flex min-h-0 flex-1 flex-col">
      <div className="flex-1 overflow-y-auto">
        {!modelConfigured && (
          <p
            role="alert"
            className="mx-auto mt-6 max-w-3xl rounded-lg bg-amber-50 px-4 py-3 text-amber-900 text-sm dark:bg-amber-950 dark:text-amber-200"
          >
            {MODEL_NOT_CONFIGURED}
          </p>
        )}
        {messages.length === 0 && modelConfigured ? (
          <div className="flex h-full items-center justify-center p-6 text-center">
            <h1 className="font-semibold text-2xl text-neutral-700 dark:text-neutral-300">
              What can I help with?
            </h1>
          </div>
        ) : (
          <MessageList messages={messages} busy={busy} />
        )}
      </div>
      <ChatInput busy={busy} disabled={!modelConfigured} onSend={send} />
    </main>
  );
}

/** A fresh chat each time "New chat" is pressed, even when the URL does not change. */
export function Chat(props: ChatProps) {
  const { chatNonce } = useShell();
  return <ChatView key={`${props.sessionId ?? "new"}:${chatNonce}`} {...props} />;
}
