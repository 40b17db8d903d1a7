"use client";

import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { ApiMessage } from "@/lib/chat/api-message";
import { readEvents } from "@/lib/chat/read-events";
import {
  conversationReducer,
  type Failure,
  initialConversationState,
  isBusy,
} from "@/lib/client/conversation-state";
import { ApiRequestError, errorOf, fetchJson, networkError, request } from "@/lib/client/fetch-json";
import type { ApiFile } from "@/lib/files/api-file";

type StartEvent = { session_id: string; message_id: string; user_message?: ApiMessage };
type DoneEvent = { message: ApiMessage; summary: string | null };
type MessagePage = { messages: ApiMessage[]; next_cursor: string | null };

function failureOf(error: unknown): Failure {
  const known = error instanceof ApiRequestError ? error : networkError();
  return { message: known.message, code: known.code, retryAt: known.retryAt };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let localIds = 0;

/**
 * One conversation in the browser: sending, replies streamed as they arrive, stopping,
 * regenerating and editing, and picking a reply up again after a dropped connection. Every request
 * belongs to the view: leaving it aborts them (a reply goes on being written on the server).
 */
export function useConversation({
  initialConversationId,
  initialMessages,
  initialCursor,
  onStarted,
  onSummary,
  newConversationBody,
}: {
  initialConversationId: string | null;
  initialMessages: ApiMessage[];
  initialCursor: string | null;
  /** A new conversation exists, or a reply was started: the sidebar should show it. */
  onStarted: () => void;
  onSummary: () => void;
  /** What POST /api/new-session is sent when the first message makes the conversation. */
  newConversationBody: () => Record<string, unknown>;
}) {
  const [state, dispatch] = useReducer(conversationReducer, undefined, () =>
    initialConversationState(initialMessages, initialCursor),
  );
  const [conversationId, setConversationId] = useState(initialConversationId);
  const idRef = useRef(initialConversationId);
  const view = useRef(new AbortController());
  const pending = useRef(new Map<string, { text: string; reasoning: string }>());
  const frame = useRef<number | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    view.current = controller;
    return () => {
      controller.abort();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    };
  }, []);

  const flush = useCallback(() => {
    frame.current = null;
    if (pending.current.size === 0) return;
    const deltas = new Map(pending.current);
    pending.current.clear();
    dispatch({ type: "reply-progress", deltas });
  }, []);

  // Pieces of a reply are shown once per frame, however fast they come.
  const queue = useCallback(
    (id: string, piece: { text?: string; reasoning?: string }) => {
      const current = pending.current.get(id) ?? { text: "", reasoning: "" };
      pending.current.set(id, {
        text: current.text + (piece.text ?? ""),
        reasoning: current.reasoning + (piece.reasoning ?? ""),
      });
      frame.current ??= requestAnimationFrame(flush);
    },
    [flush],
  );

  /** Reads an event stream to its end; false when the connection dropped before `done`. */
  const consume = useCallback(
    async (response: Response, started: (start: StartEvent) => void): Promise<boolean> => {
      let replyId: string | null = null;
      try {
        for await (const { event, data } of readEvents(response)) {
          if (event === "start") {
            const start = data as StartEvent;
            replyId = start.message_id;
            started(start);
          } else if ((event === "delta" || event === "reasoning") && replyId) {
            const { text } = data as { text: string };
            queue(replyId, event === "delta" ? { text } : { reasoning: text });
          } else if (event === "done") {
            if (frame.current !== null) cancelAnimationFrame(frame.current);
            flush();
            const done = data as DoneEvent;
            dispatch({ type: "reply-done", message: done.message });
            if (done.summary) onSummary();
            return true;
          }
        }
      } catch {
        // The connection dropped: the caller picks the reply up again.
      }
      return false;
    },
    [queue, flush, onSummary],
  );

  const reload = useCallback(async (id: string) => {
    const page = await fetchJson<MessagePage>(`/api/sessions/${id}?limit=50`, {
      signal: view.current.signal,
    });
    dispatch({ type: "loaded", messages: page.messages, olderCursor: page.next_cursor });
  }, []);

  /** Follows the reply being written after a dropped connection or a reload, or shows how it ended. */
  const resume = useCallback(
    async (id: string) => {
      for (let attempt = 0; attempt < 5 && !view.current.signal.aborted; attempt++) {
        try {
          const response = await fetch(`/api/sessions/${id}/stream`, {
            headers: { accept: "text/event-stream" },
            cache: "no-store",
            signal: view.current.signal,
          });
          if (!response.ok || response.status === 204) return await reload(id);
          const done = await consume(response, (start) =>
            dispatch({ type: "reply-started", replyId: start.message_id, userMessage: undefined }),
          );
          if (done) return;
        } catch {
          // offline for a moment: try again
        }
        await sleep(500 * 2 ** attempt);
      }
      await reload(id).catch(() => {});
    },
    [consume, reload],
  );

  /** Posts a request for a reply as a stream; a refusal is thrown before anything is shown. */
  const streamReply = useCallback(
    async (url: string, body: Record<string, unknown>, started: (start: StartEvent) => void) => {
      const response = await request(url, {
        method: "POST",
        json: { ...body, stream: true },
        headers: { accept: "text/event-stream" },
        signal: view.current.signal,
      });
      const id = idRef.current as string;
      if (!(await consume(response, started))) await resume(id);
    },
    [consume, resume],
  );

  const ensureConversation = useCallback(async (): Promise<string> => {
    if (idRef.current) return idRef.current;
    const { session_id: id } = await fetchJson<{ session_id: string }>("/api/new-session", {
      method: "POST",
      json: newConversationBody(),
      signal: view.current.signal,
    });
    idRef.current = id;
    setConversationId(id);
    window.history.replaceState(null, "", `/interact_history/${id}`);
    return id;
  }, [newConversationBody]);

  /** Sends a message, or sends again one that was not saved (it keeps its place until then). */
  const send = useCallback(
    async (text: string, attachments: ApiFile[] = [], again?: string) => {
      const localId = again ?? `local-${++localIds}`;
      dispatch({ type: "sending", localId, text, attachments, at: new Date().toISOString() });
      try {
        const id = await ensureConversation();
        const files = attachments.length ? { attachments: attachments.map((file) => file.id) } : {};
        await streamReply("/api", { data: text, session_id: id, ...files }, (start) => {
          dispatch({
            type: "reply-started",
            replyId: start.message_id,
            localId,
            userMessage: start.user_message,
          });
          onStarted();
        });
      } catch (error) {
        if (view.current.signal.aborted) return;
        dispatch({ type: "send-failed", localId, failure: failureOf(error) });
      }
    },
    [ensureConversation, streamReply, onStarted],
  );

  /**
   * A new version of a reply (regenerate), or of a message of the user's with new text (edit): the
   * branch shown is replaced from that message on; the old versions stay on the server.
   */
  const newVersion = useCallback(
    async (from: string, editedText?: string) => {
      const id = idRef.current;
      if (!id) return;
      const [url, body] =
        editedText === undefined
          ? [`/api/sessions/${id}/regenerate`, { message_id: from }]
          : [`/api/sessions/${id}/edit`, { data: editedText, message_id: from }];
      try {
        await streamReply(url, body, (start) =>
          dispatch({
            type: "reply-started",
            replyId: start.message_id,
            from,
            userMessage: start.user_message,
          }),
        );
      } catch (error) {
        if (!view.current.signal.aborted) dispatch({ type: "notice", failure: failureOf(error) });
      }
    },
    [streamReply],
  );

  /** Shows another version of a message, with the branch that follows it. */
  const step = useCallback(async (messageId: string) => {
    const id = idRef.current;
    if (!id) return;
    try {
      const page = await fetchJson<MessagePage>(`/api/sessions/${id}/branch`, {
        method: "POST",
        json: { message_id: messageId },
        signal: view.current.signal,
      });
      dispatch({ type: "loaded", messages: page.messages, olderCursor: page.next_cursor });
    } catch (error) {
      if (!view.current.signal.aborted) dispatch({ type: "notice", failure: failureOf(error) });
    }
  }, []);

  /** Copies the branch up to a message into a new conversation; resolves to its id. */
  const fork = useCallback(async (messageId: string): Promise<string | null> => {
    const id = idRef.current;
    if (!id) return null;
    try {
      const { session_id: copy } = await fetchJson<{ session_id: string }>(`/api/sessions/${id}/fork`, {
        method: "POST",
        json: { message_id: messageId },
        signal: view.current.signal,
      });
      return copy;
    } catch (error) {
      if (!view.current.signal.aborted) dispatch({ type: "notice", failure: failureOf(error) });
      return null;
    }
  }, []);

  const stop = useCallback(async () => {
    const id = idRef.current;
    if (!id) return;
    const response = await fetch(`/api/sessions/${id}/stop`, { method: "POST" }).catch(() => null);
    if (response && !response.ok) dispatch({ type: "notice", failure: failureOf(await errorOf(response)) });
  }, []);

  const loadOlder = useCallback(async () => {
    const id = idRef.current;
    if (!id || !state.olderCursor) return;
    const page = await fetchJson<MessagePage>(`/api/sessions/${id}?limit=50&cursor=${state.olderCursor}`, {
      signal: view.current.signal,
    }).catch(() => null);
    if (page) dispatch({ type: "older-loaded", messages: page.messages, olderCursor: page.next_cursor });
  }, [state.olderCursor]);

  // A reply still being written when the page was (re)loaded continues live.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on mount
  useEffect(() => {
    if (initialConversationId && initialMessages.at(-1)?.status === "streaming")
      void resume(initialConversationId);
  }, []);

  return {
    conversationId,
    messages: state.messages,
    notice: state.notice,
    busy: isBusy(state),
    streaming: state.messages.some((message) => message.status === "streaming"),
    hasOlder: state.olderCursor !== null,
    loadOlder,
    send,
    resend: (localId: string, text: string, attachments: ApiFile[]) => send(text, attachments, localId),
    discard: (localId: string) => dispatch({ type: "discarded", localId }),
    dismissNotice: () => dispatch({ type: "notice", failure: null }),
    /** Shows why something the user did (outside sending) failed. */
    report: (error: unknown) => dispatch({ type: "notice", failure: failureOf(error) }),
    stop,
    regenerate: (replyId: string) => newVersion(replyId),
    edit: (messageId: string, text: string) => newVersion(messageId, text),
    step,
    fork,
  };
}
