// The state of one conversation in the browser, as one explicit model. Every message has a status:
// a message of the user's is `sending` until the server has saved it, then `sent`, or `failed` when
// it was not saved (refused, or the server was out of reach): it keeps its text and is sent again
// only as a new message. A reply is `streaming`, then `sent`, `stopped` or `error`. A failure that
// belongs to no message (a regeneration refused by a quota) is a notice, never a fake message.
import type { ApiMessage } from "@/lib/chat/api-message";
import type { ApiFile } from "@/lib/files/api-file";

export type ClientStatus = "sending" | "sent" | "failed" | "streaming" | "stopped" | "error";

/** Why a request failed, as the server said it. */
export type Failure = { message: string; code: string; retryAt?: string };

export type ClientMessage = Omit<ApiMessage, "status"> & {
  status: ClientStatus;
  /** Set on a message the server has not saved: it is known by this id until then. */
  localId?: string;
  failure?: Failure;
};

export type ConversationState = {
  messages: ClientMessage[];
  olderCursor: string | null;
  notice: Failure | null;
};

export type ConversationAction =
  | { type: "loaded"; messages: ApiMessage[]; olderCursor: string | null }
  | { type: "older-loaded"; messages: ApiMessage[]; olderCursor: string | null }
  | { type: "sending"; localId: string; text: string; attachments: ApiFile[]; at: string }
  | { type: "send-failed"; localId: string; failure: Failure }
  | { type: "discarded"; localId: string }
  /**
   * The server took a request for a reply: to a new message of the user's (`localId`), or as a new
   * version beginning at `from` (an edited message, whose new version is `userMessage`, or a
   * regenerated reply), which replaces the branch shown from there on; or a reply picked up again.
   */
  | {
      type: "reply-started";
      replyId: string;
      localId?: string;
      userMessage?: ApiMessage;
      from?: string;
    }
  | { type: "reply-progress"; deltas: Map<string, { text: string; reasoning: string }> }
  | { type: "reply-done"; message: ApiMessage }
  | { type: "notice"; failure: Failure | null };

export function fromApi(message: ApiMessage): ClientMessage {
  return { ...message, status: message.status === "complete" ? "sent" : message.status };
}

export function initialConversationState(
  messages: ApiMessage[],
  olderCursor: string | null,
): ConversationState {
  return { messages: messages.map(fromApi), olderCursor, notice: null };
}

const NO_DETAILS = {
  model: null,
  reasoning: null,
  reasoning_ms: null,
  finish_reason: null,
  usage: null,
  attachments: [] as ApiFile[],
  parent_id: null,
};

function placeholder(id: string, at: string): ClientMessage {
  return {
    id,
    role: "assistant",
    content: "",
    status: "streaming",
    timestamp: at,
    ...NO_DETAILS,
    sibling_ids: [id],
  };
}

export function conversationReducer(state: ConversationState, action: ConversationAction): ConversationState {
  switch (action.type) {
    case "loaded": {
      // Messages the server does not know yet stay where they are, after what it sent.
      const unsaved = state.messages.filter((message) => message.localId);
      return {
        ...state,
        messages: [...action.messages.map(fromApi), ...unsaved],
        olderCursor: action.olderCursor,
      };
    }
    case "older-loaded": {
      const shown = new Set(state.messages.map((message) => message.id));
      const older = action.messages.filter((message) => !shown.has(message.id)).map(fromApi);
      return { ...state, messages: [...older, ...state.messages], olderCursor: action.olderCursor };
    }
    case "sending": {
      const existing = state.messages.some((message) => message.localId === action.localId);
      const message: ClientMessage = {
        id: action.localId,
        localId: action.localId,
        role: "user",
        content: action.text,
        status: "sending",
        timestamp: action.at,
        ...NO_DETAILS,
        sibling_ids: [action.localId],
        attachments: action.attachments,
      };
      // Sending a failed message again moves it to the end, as what was sent last.
      const others = existing ? state.messages.filter((m) => m.localId !== action.localId) : state.messages;
      return { ...state, notice: null, messages: [...others, message] };
    }
    case "send-failed":
      return {
        ...state,
        messages: state.messages.map((message) =>
          message.localId === action.localId
            ? { ...message, status: "failed", failure: action.failure }
            : message,
        ),
      };
    case "discarded":
      return { ...state, messages: state.messages.filter((message) => message.localId !== action.localId) };
    case "reply-started": {
      const { userMessage, localId, from } = action;
      let messages = state.messages;
      let versions = [action.replyId];
      if (userMessage && localId) {
        messages = messages.map((message) => (message.localId === localId ? fromApi(userMessage) : message));
      } else if (from) {
        const at = messages.findIndex((message) => message.id === from);
        const replaced = messages[at];
        // A regenerated reply is the newest of its versions.
        if (replaced?.role === "assistant") versions = [...replaced.sibling_ids, action.replyId];
        if (at >= 0) messages = messages.slice(0, at);
        if (userMessage) messages = [...messages, fromApi(userMessage)];
      }
      const at = userMessage?.timestamp ?? new Date().toISOString();
      const exists = messages.some((message) => message.id === action.replyId);
      messages = exists
        ? messages.map((message) =>
            message.id === action.replyId ? placeholder(action.replyId, message.timestamp) : message,
          )
        : [...messages, { ...placeholder(action.replyId, at), sibling_ids: versions }];
      return { ...state, notice: null, messages };
    }
    case "reply-progress":
      return {
        ...state,
        messages: state.messages.map((message) => {
          const delta = action.deltas.get(message.id);
          if (!delta) return message;
          return {
            ...message,
            content: message.content + delta.text,
            reasoning: delta.reasoning ? (message.reasoning ?? "") + delta.reasoning : message.reasoning,
          };
        }),
      };
    case "reply-done":
      return {
        ...state,
        messages: state.messages.map((message) =>
          message.id === action.message.id ? fromApi(action.message) : message,
        ),
      };
    case "notice":
      return { ...state, notice: action.failure };
  }
}

/** A request for a reply is in flight or a reply is being written: nothing else may be asked. */
export function isBusy(state: ConversationState): boolean {
  return state.messages.some((message) => message.status === "sending" || message.status === "streaming");
}
