"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiMessage } from "@/lib/chat/api-message";
import { readEvents } from "@/lib/chat/read-events";

type StartEvent = { session_id: string; message_id: string; user_message?: ApiMessage };
type DoneEvent = { message: ApiMessage; summary: string | null };

let localIds = 0;

const NO_REPLY_DETAILS = {
  model: null,
  reasoning: null,
  reasoning_ms: null,
  finish_reason: null,
  usage: null,
};

function localMessage(role: ApiMessage["role"], content: string, error?: string): ApiMessage {
  return {
    id: `local-${++localIds}`,
    role,
    content,
    status: error ? "error" : "complete",
    ...(error ? { error } : {}),
    timestamp: new Date().toISOString(),
    ...NO_REPLY_DETAILS,
  };
}

async function errorOf(response: Response): Promise<string> {
  if (response.status === 401) return "Your session has ended. Reload the page and log in again.";
  const body = (await response.json().catch(() => null)) as { error?: string } | null;
  return body?.error ?? `The server answered ${response.status}.`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The state of one conversation in the browser: sending, streaming replies as they arrive,
 * stopping, regenerating and editing, and picking a reply up again after a dropped connection.
 */
export function useChat({
  initialSessionId,
  initialMessages,
  initialCursor,
  onSummary,
}: {
  initialSessionId: string | null;
  initialMessages: ApiMessage[];
  initialCursor: string | null;
  onSummary: () => void;
}) {
  const [sessionId, setSessionId] = useState(initialSessionId);
  const [messages, setMessages] = useState(initialMessages);
  const [olderCursor, setOlderCursor] = useState(initialCursor);
  const [busy, setBusy] = useState(false);
  const sessionRef = useRef(initialSessionId);
  const pending = useRef(new Map<string, string>());
  const frame = useRef<number | null>(null);

  const flush = useCallback(() => {
    frame.current = null;
    const deltas = new Map(pending.current);
    pending.current.clear();
    setMessages((current) =>
      current.map((message) => {
        const delta = deltas.get(message.id);
        return delta ? { ...message, content: message.content + delta } : message;
      }),
    );
  }, []);

  const applyDelta = useCallback(
    (id: string, text: string) => {
      pending.current.set(id, (pending.current.get(id) ?? "") + text);
      frame.current ??= requestAnimationFrame(flush);
    },
    [flush],
  );

  const replaceMessage = useCallback(
    (message: ApiMessage) => {
      if (frame.current !== null) {
        cancelAnimationFrame(frame.current);
        flush();
      }
      pending.current.delete(message.id);
      setMessages((current) => current.map((existing) => (existing.id === message.id ? message : existing)));
    },
    [flush],
  );

  /** Reads an event stream to its end; false when the connection dropped before `done`. */
  const consume = useCallback(
    async (response: Response, localUserId?: string): Promise<boolean> => {
      let replyId: string | null = null;
      try {
        for await (const { event, data } of readEvents(response)) {
          if (event === "start") {
            const start = data as StartEvent;
            replyId = start.message_id;
            const placeholder: ApiMessage = {
              id: start.message_id,
              role: "assistant",
              content: "",
              status: "streaming",
              timestamp: new Date().toISOString(),
              ...NO_REPLY_DETAILS,
            };
            setMessages((current) => {
              const withUser = start.user_message
                ? current.map((m) => (m.id === localUserId ? (start.user_message as ApiMessage) : m))
                : current;
              const exists = withUser.some((m) => m.id === start.message_id);
              return exists
                ? withUser.map((m) => (m.id === start.message_id ? placeholder : m))
                : [...withUser, placeholder];
            });
          } else if (event === "delta" && replyId) {
            applyDelta(replyId, (data as { text: string }).text);
          } else if (event === "done") {
            const done = data as DoneEvent;
            replaceMessage(done.message);
            if (done.summary) onSummary();
            return true;
          }
        }
      } catch {
        // The connection dropped: the caller resumes.
      }
      return false;
    },
    [applyDelta, replaceMessage, onSummary],
  );

  const reload = useCallback(async (id: string) => {
    const response = await fetch(`/api/sessions/${id}?limit=50`, { cache: "no-store" });
    if (!response.ok) return;
    const page = (await response.json()) as { messages: ApiMessage[]; next_cursor: string | null };
    setMessages(page.messages);
    setOlderCursor(page.next_cursor);
  }, []);

  /** Picks up the reply being written after a dropped connection or a reload. */
  const resume = useCallback(
    async (id: string) => {
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          const response = await fetch(`/api/sessions/${id}/stream`, {
            headers: { accept: "text/event-stream" },
            cache: "no-store",
          });
          if (response.status === 204) return reload(id);
          if (!response.ok) return reload(id);
          if (await consume(response)) return;
        } catch {
          // offline for a moment: try again
        }
        await sleep(500 * 2 ** attempt);
      }
      await reload(id).catch(() => {});
    },
    [consume, reload],
  );

  const stream = useCallback(
    async (url: string, body: Record<string, unknown>, localUserId?: string) => {
      const id = sessionRef.current as string;
      setBusy(true);
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "text/event-stream" },
          body: JSON.stringify({ ...body, stream: true }),
        });
        if (!response.ok) {
          const error = await errorOf(response);
          setMessages((current) => [...current, localMessage("assistant", "", error)]);
          return;
        }
        if (!(await consume(response, localUserId))) await resume(id);
      } catch {
        await resume(id);
      } finally {
        setBusy(false);
      }
    },
    [consume, resume],
  );

  const send = useCallback(
    async (text: string) => {
      const user = localMessage("user", text);
      setMessages((current) => [...current, user]);
      if (!sessionRef.current) {
        setBusy(true);
        try {
          const response = await fetch("/api/new-session", { method: "POST" });
          if (!response.ok) throw new Error(await errorOf(response));
          const id = ((await response.json()) as { session_id: string }).session_id;
          sessionRef.current = id;
          setSessionId(id);
          window.history.replaceState(null, "", `/interact_history/${id}`);
        } catch (error) {
          const reason =
            error instanceof TypeError ? "Could not reach the server." : (error as Error).message;
          setMessages((current) => [...current, localMessage("assistant", "", reason)]);
          setBusy(false);
          return;
        }
      }
      await stream("/api", { data: text, session_id: sessionRef.current }, user.id);
    },
    [stream],
  );

  /** Loads the page of messages before the oldest one shown. */
  const loadOlder = useCallback(async () => {
    const id = sessionRef.current;
    if (!id || !olderCursor) return;
    const response = await fetch(`/api/sessions/${id}?limit=50&cursor=${olderCursor}`, { cache: "no-store" });
    if (!response.ok) return;
    const page = (await response.json()) as { messages: ApiMessage[]; next_cursor: string | null };
    setMessages((current) => {
      const shown = new Set(current.map((message) => message.id));
      return [...page.messages.filter((message) => !shown.has(message.id)), ...current];
    });
    setOlderCursor(page.next_cursor);
  }, [olderCursor]);

  const stop = useCallback(async () => {
    if (sessionRef.current) await fetch(`/api/sessions/${sessionRef.current}/stop`, { method: "POST" });
  }, []);

  const dropAfterLastUserMessage = useCallback((newText?: string) => {
    setMessages((current) => {
      const last = current.findLastIndex((message) => message.role === "user");
      const kept = current.slice(0, last + 1);
      const lastUser = kept[last];
      if (newText !== undefined && lastUser) kept[last] = { ...lastUser, content: newText };
      return kept;
    });
  }, []);

  const regenerate = useCallback(async () => {
    if (!sessionRef.current) return;
    dropAfterLastUserMessage();
    await stream(`/api/sessions/${sessionRef.current}/regenerate`, {});
  }, [dropAfterLastUserMessage, stream]);

  const edit = useCallback(
    async (text: string) => {
      if (!sessionRef.current) return;
      dropAfterLastUserMessage(text);
      await stream(`/api/sessions/${sessionRef.current}/edit`, { data: text });
    },
    [dropAfterLastUserMessage, stream],
  );

  // A reply still being written when the page was (re)loaded continues live.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on mount
  useEffect(() => {
    const last = initialMessages.at(-1);
    if (initialSessionId && last?.status === "streaming") {
      setBusy(true);
      resume(initialSessionId).finally(() => setBusy(false));
    }
  }, []);

  const streaming = messages.some((message) => message.status === "streaming");
  return {
    sessionId,
    messages,
    busy: busy || streaming,
    streaming,
    hasOlder: olderCursor !== null,
    loadOlder,
    send,
    stop,
    regenerate,
    edit,
  };
}
