import { beforeAll, describe, expect, inject, it } from "vitest";
import { messagesOf } from "../../fixtures/db-query";
import { type Client, loggedInClient } from "../../fixtures/http-client";
import { expectedReply, tokensOf } from "../../fixtures/mock-openai";
import { collect, follow, waitFor } from "../../fixtures/sse";
import { ADA, BABBAGE } from "../../fixtures/users";

const appUrl = inject("appUrl");
const databaseUrl = inject("databaseUrl");
const SSE = { accept: "text/event-stream" };

let ada: Client;
let babbage: Client;

beforeAll(async () => {
  ada = await loggedInClient(appUrl, ADA.username, ADA.password);
  babbage = await loggedInClient(appUrl, BABBAGE.username, BABBAGE.password);
});

async function storedReply(sessionId: string) {
  return (await messagesOf(databaseUrl, sessionId)).filter((message) => message.role === "assistant");
}

describe("POST /api as an event stream", () => {
  it("sends start, the reply in deltas, then done with the stored message and the new summary", async () => {
    const sessionId = await ada.newSession();
    // Paced, so that the reply cannot be over before its row is saved (what came by then is one delta).
    const text = "Streaming replies for spinning jenny looms [[delay:10]]";
    const response = await ada.postJson("/api", { data: text, session_id: sessionId }, SSE);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("cache-control")).toContain("no-transform");

    const { events, start, text: streamed, done } = await collect(response);
    expect(events[0]?.event).toBe("start");
    expect(events.at(-1)?.event).toBe("done");
    expect(events.filter((event) => event.event === "delta").length).toBeGreaterThan(3);
    expect(start).toMatchObject({
      session_id: sessionId,
      user_message: { role: "user", content: text, status: "complete" },
    });
    expect(streamed).toBe(expectedReply(text, 1));
    expect(done?.message).toMatchObject({
      id: start.message_id,
      role: "assistant",
      status: "complete",
      content: streamed,
    });
    expect(done?.summary).toBe("Streaming replies spinning jenny looms");
    expect(await storedReply(sessionId)).toEqual([
      { role: "assistant", content: streamed, status: "complete", error: null },
    ]);
  });

  it("sends the tokens that arrive together as one delta, in order, none lost", async () => {
    const sessionId = await ada.newSession();
    // Four tokens to a packet, as a busy server sends them, the packets paced.
    const text = "One two three four five six seven eight nine ten eleven twelve [[delay:15]] [[burst:4]]";
    const response = await ada.postJson("/api", { data: text, session_id: sessionId }, SSE);
    const { events, text: streamed, done } = await collect(response);
    const tokens = tokensOf(expectedReply(text, 1));
    const deltas = events.filter((event) => event.event === "delta").length;
    expect(streamed).toBe(expectedReply(text, 1));
    expect(done?.message.content).toBe(streamed);
    // One per packet at most (and one for what came before the stream was read), not one per token.
    expect(deltas).toBeGreaterThan(1);
    expect(deltas).toBeLessThanOrEqual(Math.ceil(tokens.length / 4) + 1);
  });

  it('streams for "stream": true too, and keeps the JSON contract (with statuses) otherwise', async () => {
    const sessionId = await ada.newSession();
    const streamed = await collect(
      await ada.postJson("/api", { data: "first", session_id: sessionId, stream: true }),
    );
    expect(streamed.done?.message.status).toBe("complete");
    const json = await ada.postJson("/api", { data: "second", session_id: sessionId });
    expect(json.headers.get("content-type")).toContain("application/json");
    const body = (await json.json()) as { data: string; history: { status: string }[] };
    expect(body.data).toBe(expectedReply("second", 3));
    expect(body.history.map((entry) => entry.status)).toEqual([
      "complete",
      "complete",
      "complete",
      "complete",
    ]);
  });

  it("still answers 4xx JSON before any stream starts", async () => {
    expect((await ada.postJson("/api", { data: " ", session_id: await ada.newSession() }, SSE)).status).toBe(
      400,
    );
    const other = await babbage.newSession();
    expect((await ada.postJson("/api", { data: "hi", session_id: other }, SSE)).status).toBe(404);
  });
});

describe("failures while streaming keep the partial text with status error", () => {
  it.each([
    ["the model answers 500", "[[status:500]]", "", /500/],
    ["the stream is cut mid-way", "[[cut-after:3]]", "Echo: Cut me ", /cut off|reach/i],
    ["the model goes silent", "[[hang-after:3]]", "Echo: Cut me ", /sent nothing/],
  ])("when %s", async (_name, directive, partial, reason) => {
    const sessionId = await ada.newSession();
    const response = await ada.postJson("/api", { data: `Cut me ${directive}`, session_id: sessionId }, SSE);
    const { text, done } = await collect(response);
    expect(text).toBe(partial);
    expect(done?.message).toMatchObject({ status: "error", content: partial });
    expect(done?.message.error).toMatch(reason);
    expect(await storedReply(sessionId)).toEqual([
      { role: "assistant", content: partial, status: "error", error: done?.message.error },
    ]);
    // The conversation is not stuck: the question can be asked again.
    const retry = await ada.postJson(`/api/sessions/${sessionId}/edit`, { data: "Cut me" });
    expect(retry.status).toBe(200);
  });
});

describe("a reply outlives its browser", () => {
  it("goes on and is stored in full when the client disconnects", async () => {
    const sessionId = await ada.newSession();
    const text = `${"Long answer please. ".repeat(5)}[[delay:40]]`;
    const partial = await collect(await ada.postJson("/api", { data: text, session_id: sessionId }, SSE), 2);
    expect(partial.done).toBeUndefined();
    const [reply] = await waitFor(async () => {
      const replies = await storedReply(sessionId);
      return replies[0]?.status === "complete" ? replies : undefined;
    });
    expect(reply?.content).toBe(expectedReply(text, 1));
  });

  it("can be resumed by its owner only, with the text so far and then live", async () => {
    const sessionId = await ada.newSession();
    const text = `${"Resume me after a reload, please. ".repeat(5)}[[delay:80]]`;
    const first = await collect(await ada.postJson("/api", { data: text, session_id: sessionId }, SSE), 2);

    expect((await babbage.fetch(`/api/sessions/${sessionId}/stream`, { headers: SSE })).status).toBe(404);
    const resumed = await ada.fetch(`/api/sessions/${sessionId}/stream`, { headers: SSE });
    expect(resumed.status).toBe(200);
    const rest = await collect(resumed);
    expect(rest.start).toMatchObject({
      session_id: sessionId,
      message_id: first.start.message_id,
      resumed: true,
    });
    expect(rest.text).toBe(expectedReply(text, 1));
    expect(rest.text.startsWith(first.text)).toBe(true);
    expect(rest.done?.message.status).toBe("complete");

    expect((await ada.fetch(`/api/sessions/${sessionId}/stream`, { headers: SSE })).status).toBe(204);
  });
});

describe("stop", () => {
  it("ends the reply, keeping its text with status stopped; only the owner can stop it", async () => {
    const sessionId = await ada.newSession();
    const text = `${"Please write a very long essay about difference engines. ".repeat(5)}[[delay:60]]`;
    const response = await ada.postJson("/api", { data: text, session_id: sessionId }, SSE);
    const reading = follow(response);
    // Some of the reply has been written when Stop comes.
    await reading.deltas(3);

    expect((await babbage.postJson(`/api/sessions/${sessionId}/stop`, {})).status).toBe(404);
    const stop = await ada.postJson(`/api/sessions/${sessionId}/stop`, {});
    expect(stop.status).toBe(200);
    expect(await stop.json()).toEqual({ stopped: true });

    const { text: streamed, done } = await reading.done;
    expect(done?.message.status).toBe("stopped");
    expect(done?.message.content).toBe(streamed);
    expect(streamed.length).toBeGreaterThan(0);
    expect(expectedReply(text, 1).startsWith(streamed)).toBe(true);
    expect(streamed).not.toBe(expectedReply(text, 1));
    expect(await storedReply(sessionId)).toEqual([
      { role: "assistant", content: streamed, status: "stopped", error: null },
    ]);
  });
});

describe("regenerate and edit", () => {
  it("regenerate answers with a new version of the last reply", async () => {
    const sessionId = await ada.newSession();
    const first = (await (
      await ada.postJson("/api", { data: "Vary this [[vary]]", session_id: sessionId })
    ).json()) as {
      data: string;
    };
    const again = await ada.postJson(`/api/sessions/${sessionId}/regenerate`, {});
    expect(again.status).toBe(200);
    const body = (await again.json()) as { data: string; history: { role: string; content: string }[] };
    expect(body.data).not.toBe(first.data);
    expect(body.data.startsWith(expectedReply("Vary this [[vary]]", 1))).toBe(true);
    expect(body.history.map((entry) => entry.role)).toEqual(["user", "assistant"]);
    expect(body.history[1]?.content).toBe(body.data);
  });

  it("edit gives the last user message a new version, and the model sees the edited branch", async () => {
    const sessionId = await ada.newSession();
    await ada.postJson("/api", { data: "What is 2 + 2?", session_id: sessionId });
    await ada.postJson("/api", { data: "And 3 + 3 ?", session_id: sessionId });
    const edited = await ada.postJson(`/api/sessions/${sessionId}/edit`, {
      data: "And 4 + 4?",
      stream: true,
    });
    const { done } = await collect(edited);
    expect(done?.message.content).toBe(expectedReply("And 4 + 4?", 3));
    const shown = (await (await ada.fetch(`/api/sessions/${sessionId}`)).json()) as {
      messages: { content: string }[];
    };
    expect(shown.messages.map((message) => message.content)).toEqual([
      "What is 2 + 2?",
      expectedReply("What is 2 + 2?", 1),
      "And 4 + 4?",
      expectedReply("And 4 + 4?", 3),
    ]);
    // The first version stays, on its own branch.
    const stored = await messagesOf(databaseUrl, sessionId);
    expect(stored.map((message) => message.content)).toContain("And 3 + 3 ?");
  });

  it("refuses another user's conversation, bad input, and a conversation that is still streaming", async () => {
    const sessionId = await ada.newSession();
    await ada.postJson("/api", { data: "hello", session_id: sessionId });
    expect((await babbage.postJson(`/api/sessions/${sessionId}/regenerate`, {})).status).toBe(404);
    expect((await babbage.postJson(`/api/sessions/${sessionId}/edit`, { data: "mine now" })).status).toBe(
      404,
    );
    expect((await ada.postJson(`/api/sessions/${sessionId}/edit`, { data: "" })).status).toBe(400);
    expect((await ada.postJson(`/api/sessions/${sessionId}/edit`, "[1,2]")).status).toBe(400);
    expect((await ada.postJson("/api/sessions/not-a-uuid/regenerate", {})).status).toBe(400);
    expect(
      (await ada.postJson(`/api/sessions/${sessionId}/regenerate`, {}, { origin: "https://evil.example" }))
        .status,
    ).toBe(403);

    const slow = collect(
      await ada.postJson("/api", { data: "slowly [[delay:50]]", session_id: sessionId }, SSE),
    );
    await waitFor(async () =>
      (await storedReply(sessionId)).some((m) => m.status === "streaming") ? true : undefined,
    );
    expect((await ada.postJson(`/api/sessions/${sessionId}/regenerate`, {})).status).toBe(409);
    await slow;
    expect(await messagesOf(databaseUrl, sessionId)).toHaveLength(4);
  });
});
