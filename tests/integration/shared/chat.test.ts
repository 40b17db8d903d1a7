import { beforeAll, describe, expect, inject, it } from "vitest";
import { type Client, loggedInClient } from "../../fixtures/http-client";
import { expectedReply, requestWith, textOf } from "../../fixtures/mock-openai";
import { waitFor } from "../../fixtures/sse";
import { ADA } from "../../fixtures/users";

type HistoryEntry = { id: string; role: string; content: string; status: string; timestamp: string };
type ChatResponse = { data: string; history: HistoryEntry[] };
type SessionEntry = { session_id: string; summary: string };

const appUrl = inject("appUrl");
const mockUrl = inject("mockUrl");
let ada: Client;

beforeAll(async () => {
  ada = await loggedInClient(appUrl, ADA.username, ADA.password);
});

describe("POST /api", () => {
  it("answers with the reply and the whole history, and sends the whole conversation to the model", async () => {
    const sessionId = await ada.newSession();

    const first = await ada.postJson("/api", {
      data: "What is an analytical engine?",
      session_id: sessionId,
    });
    expect(first.status).toBe(200);
    const firstBody = (await first.json()) as ChatResponse;
    expect(firstBody.data).toBe(expectedReply("What is an analytical engine?", 1));
    expect(firstBody.history.map((entry) => [entry.role, entry.content, entry.status])).toEqual([
      ["user", "What is an analytical engine?", "complete"],
      ["assistant", firstBody.data, "complete"],
    ]);
    for (const entry of firstBody.history) expect(Number.isNaN(Date.parse(entry.timestamp))).toBe(false);

    const second = await ada.postJson("/api", { data: "And who built it?", session_id: sessionId });
    const secondBody = (await second.json()) as ChatResponse;
    // user, assistant, user: the model saw all three turns.
    expect(secondBody.data).toBe(expectedReply("And who built it?", 3));
    expect(secondBody.history).toHaveLength(4);
    expect(secondBody.history[3]?.content).toBe(secondBody.data);
  });

  it("of a long conversation sends the model its newest messages within MODEL_CONTEXT_CHARS, and keeps them all", async () => {
    // 40 messages of 5,000 characters: twice the default budget of 100,000.
    const at = Date.now() - 3_600_000;
    const imported = await ada.postJson("/api/import", {
      format: "chat-history-export",
      version: 1,
      conversations: [
        {
          title: "A very long talk",
          created_at: new Date(at).toISOString(),
          updated_at: new Date(at + 40_000).toISOString(),
          messages: Array.from({ length: 40 }, (_, index) => ({
            role: index % 2 === 0 ? "user" : "assistant",
            content: `${index} ${"x".repeat(4_990)}`.padEnd(5_000, "x"),
            timestamp: new Date(at + index * 1_000).toISOString(),
          })),
        },
      ],
    });
    expect(imported.status).toBe(200);
    const [sessionId] = ((await imported.json()) as { session_ids: string[] }).session_ids;
    const response = await ada.postJson("/api", { data: "still there?", session_id: sessionId });
    expect(response.status).toBe(200);
    const body = (await response.json()) as ChatResponse;
    // The question and the 19 messages before it fit; the oldest of those is a reply, so it is left
    // out and the model's part begins with a question: 18 + 1.
    expect(body.data).toBe(expectedReply("still there?", 19));
    expect(body.history).toHaveLength(42);
  });

  it("sends the model the earlier turns exactly as they were written, whatever characters they hold", async () => {
    const sessionId = await ada.newSession();
    const tricky = [
      'She said "hi" \\ then {"json": [1, 2]} and a tab\there,',
      "a new line\r\nthen </script> & <b>, a bell \u0007 and an escape \u001b,",
      "emoji 👩‍💻 𝄞, RTL שלום, and ''quotes''",
    ].join("\n");
    expect((await ada.postJson("/api", { data: tricky, session_id: sessionId })).status).toBe(200);
    const marker = `second turn ${sessionId}`;
    expect((await ada.postJson("/api", { data: marker, session_id: sessionId })).status).toBe(200);
    const sent = await requestWith(mockUrl, marker);
    const turns = (sent?.messages ?? []).filter((message) => message.role !== "system");
    expect(turns.map((message) => [message.role, textOf(message.content)])).toEqual([
      ["user", tricky],
      ["assistant", expectedReply(tricky, 1)],
      ["user", marker],
    ]);
  });

  it("keeps unicode intact", async () => {
    const sessionId = await ada.newSession();
    const text = "Grüße, 世界! 🚀 Ωμέγα — ‘quotes’ \u200d and RTL שלום";
    const response = await ada.postJson("/api", { data: text, session_id: sessionId });
    expect(response.status).toBe(200);
    const body = (await response.json()) as ChatResponse;
    expect(body.history[0]?.content).toBe(text);
    expect(body.data).toBe(expectedReply(text, 1));
  });
});

describe("summaries", () => {
  it("writes a keyword summary after the first message and lists the conversation, newest first", async () => {
    const older = await ada.newSession();
    await ada.postJson("/api", {
      data: "Explain Kubernetes deployments rollout strategies",
      session_id: older,
    });
    const newer = await ada.newSession();
    await ada.postJson("/api", { data: "Recommend sourdough bread recipes", session_id: newer });

    const response = await ada.fetch("/api/sessions");
    expect(response.status).toBe(200);
    const sessions = (await response.json()) as SessionEntry[];
    const ids = sessions.map((session) => session.session_id);
    expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older));
    expect(sessions.find((session) => session.session_id === older)?.summary).toBe(
      "Explain Kubernetes deployments rollout strategies",
    );
    expect(sessions.find((session) => session.session_id === newer)?.summary).toBe(
      "Recommend sourdough bread recipes",
    );
  });

  it("does not list a conversation that has no message yet", async () => {
    const empty = await ada.newSession();
    const sessions = (await (await ada.fetch("/api/sessions")).json()) as SessionEntry[];
    expect(sessions.map((session) => session.session_id)).not.toContain(empty);
  });

  it("lists a conversation from its first message on, under its first words, until the summary comes", async () => {
    const sessionId = await ada.newSession();
    const text = "Barometric pressure and weather fronts [[summary-hang]]";
    expect((await ada.postJson("/api", { data: text, session_id: sessionId })).status).toBe(200);
    const sessions = (await (await ada.fetch("/api/sessions")).json()) as (SessionEntry & {
      preview: string;
    })[];
    const entry = sessions.find((session) => session.session_id === sessionId);
    expect(entry).toMatchObject({ summary: null, preview: text });
  });

  it("asks again for a summary that failed, and the chat goes on meanwhile", async () => {
    const sessionId = await ada.newSession();
    const response = await ada.postJson("/api", {
      data: "Quantum tunnelling explained [[summary-fail-once]]",
      session_id: sessionId,
    });
    expect(response.status).toBe(200);
    const summary = await waitFor(async () => {
      const sessions = (await (await ada.fetch("/api/sessions")).json()) as SessionEntry[];
      return sessions.find((session) => session.session_id === sessionId)?.summary ?? undefined;
    });
    expect(summary).toBe("Quantum tunnelling explained");
  });

  it("makes a summary of the message's own words when the model cannot write one", async () => {
    const sessionId = await ada.newSession();
    await ada.postJson("/api", {
      data: "Medieval siege engines trebuchets [[summary-status:500]]",
      session_id: sessionId,
    });
    const summary = await waitFor(async () => {
      const sessions = (await (await ada.fetch("/api/sessions")).json()) as SessionEntry[];
      return sessions.find((session) => session.session_id === sessionId)?.summary ?? undefined;
    });
    expect(summary).toBe("Medieval siege engines trebuchets summary-status 500");
  });
});

describe("GET /api/health", () => {
  it("answers ok when the database answers", async () => {
    const response = await fetch(`${appUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});
