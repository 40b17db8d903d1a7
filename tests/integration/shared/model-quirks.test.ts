// What real model servers send, each as the test server reproduces it: reasoning in three forms,
// errors inside a 200 stream, no [DONE], odd finish reasons, another model's name, and no usage.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { query } from "../../fixtures/db-query";
import { type Client, createApiToken, loggedInClient, TokenClient } from "../../fixtures/http-client";
import { expectedReply, MOCK_REASONING, requestsOf, statsOf } from "../../fixtures/mock-openai";
import { collect } from "../../fixtures/sse";
import { ADA, BABBAGE } from "../../fixtures/users";
import { TEST_MODEL_TIMEOUT_MS } from "./global-setup";

const appUrl = inject("appUrl");
const databaseUrl = inject("databaseUrl");
const mockUrl = inject("mockUrl");
const SSE = { accept: "text/event-stream" };

type Message = {
  id: string;
  role: string;
  content: string;
  status: string;
  error?: string;
  model: string | null;
  reasoning: string | null;
  reasoning_ms: number | null;
  finish_reason: string | null;
  usage: { prompt_tokens: number; completion_tokens: number; estimated: boolean } | null;
};

let ada: Client;

beforeAll(async () => {
  ada = await loggedInClient(appUrl, ADA.username, ADA.password);
});

async function ask(text: string): Promise<{ sessionId: string; reply: Message; status: number }> {
  const sessionId = await ada.newSession();
  const response = await ada.postJson("/api", { data: text, session_id: sessionId });
  const page = (await (await ada.fetch(`/api/sessions/${sessionId}`)).json()) as { messages: Message[] };
  const reply = page.messages.find((message) => message.role === "assistant") as Message;
  return { sessionId, reply, status: response.status };
}

describe("reasoning", () => {
  it.each([
    ["delta.reasoning_content (DeepSeek, older vLLM)", "[[reasoning-content]]"],
    ["delta.reasoning (newer vLLM, OpenRouter)", "[[reasoning-field]]"],
    [
      "<think>…</think> at the start of the content, the tags split across chunks (Ollama, Qwen)",
      "[[think]]",
    ],
  ])(
    "sent as %s is streamed as `reasoning` events before the answer, and stored apart",
    async (_form, directive) => {
      const sessionId = await ada.newSession();
      const text = `Why is the sky blue? ${directive}`;
      const { events, done } = await collect(
        await ada.postJson("/api", { data: text, session_id: sessionId }, SSE),
      );
      const kinds = events
        .map((event) => event.event)
        .filter((kind) => kind === "reasoning" || kind === "delta");
      expect(kinds[0]).toBe("reasoning");
      // Every reasoning event comes before the first piece of the answer.
      expect(kinds.lastIndexOf("reasoning")).toBeLessThan(kinds.indexOf("delta"));
      const thought = events
        .filter((event) => event.event === "reasoning")
        .map((event) => (event.data as { text: string }).text)
        .join("");
      expect(thought.trim()).toBe(MOCK_REASONING);
      const answer = events
        .filter((event) => event.event === "delta")
        .map((event) => (event.data as { text: string }).text)
        .join("");
      expect(answer).toBe(expectedReply(text, 1));
      expect(answer).not.toContain("<think>");

      const stored = done?.message as unknown as Message;
      expect(stored.content).toBe(answer);
      expect(stored.reasoning?.trim()).toBe(MOCK_REASONING);
      expect(stored.reasoning_ms).toBeGreaterThanOrEqual(0);

      // The thinking is never sent back to the model.
      const next = await ada.postJson("/api", { data: "And at sunset?", session_id: sessionId });
      expect(next.status).toBe(200);
      const sent = (await requestsOf(mockUrl)).findLast((request) =>
        request.messages?.some((message) => message.content === "And at sunset?"),
      );
      expect(JSON.stringify(sent?.messages)).not.toContain(MOCK_REASONING.slice(0, 20));
      expect(sent?.messages?.find((message) => message.role === "assistant")?.content).toBe(answer);
    },
  );

  it("a reply without reasoning has null reasoning", async () => {
    const { reply } = await ask("Plain answer please");
    expect(reply.reasoning).toBeNull();
    expect(reply.reasoning_ms).toBeNull();
  });
});

describe("what real servers send", () => {
  it("an error object inside a 200 stream fails the reply with that reason, keeping the text so far", async () => {
    const { reply, status } = await ask("Overload me [[error-after:2]]");
    expect(status).toBe(502);
    expect(reply).toMatchObject({
      status: "error",
      content: "Echo: Overload ",
      error: "The model server reported an error: The server is overloaded.",
    });
  });

  it("no [DONE] before the connection closes, after a finish reason: the reply is complete", async () => {
    const text = "End without done [[no-done]]";
    const { reply, status } = await ask(text);
    expect(status).toBe(200);
    expect(reply).toMatchObject({
      status: "complete",
      content: expectedReply(text, 1),
      finish_reason: "stop",
    });
  });

  it("[DONE] with the stream left open: the reply is complete at once, and the connection let go", async () => {
    const openReplies = async () => (await statsOf(mockUrl)).open;
    const before = await openReplies();
    const text = "Done but open [[open-after-done]]";
    const started = performance.now();
    const { reply, status } = await ask(text);
    expect(performance.now() - started).toBeLessThan(TEST_MODEL_TIMEOUT_MS);
    expect(status).toBe(200);
    expect(reply).toMatchObject({
      status: "complete",
      content: expectedReply(text, 1),
      finish_reason: "stop",
    });
    await expect.poll(openReplies).toBeLessThanOrEqual(before);
  });

  it.each([
    ["length", "length", "length"],
    ['""', "empty", null],
    ["null", "none", null],
  ])("a finish_reason of %s is stored as %s", async (_shown, directive, stored) => {
    const text = `Finish oddly [[finish:${directive}]]`;
    const { reply, status } = await ask(text);
    expect(status).toBe(200);
    expect(reply).toMatchObject({
      status: "complete",
      content: expectedReply(text, 1),
      finish_reason: stored,
    });
  });

  it("a server that answers with another model than the one asked for: the reply records the one it named", async () => {
    const { reply } = await ask("Who wrote this? [[as-model:lmstudio-community/qwen3-8b]]");
    expect(reply.model).toBe("lmstudio-community/qwen3-8b");
    const { reply: usual } = await ask("And this one?");
    expect(usual.model).toBe("mock-model");
  });
});

describe("usage", () => {
  it("is asked for, and stored on the reply as the server reported it", async () => {
    const text = "Count my tokens";
    const { reply } = await ask(text);
    const sent = (await requestsOf(mockUrl)).findLast((request) =>
      request.messages?.some((message) => message.content === text && message.role === "user"),
    );
    expect(sent?.stream_options).toEqual({ include_usage: true });
    expect(reply.usage).toEqual({
      prompt_tokens: Math.ceil(text.length / 4),
      completion_tokens: expectedReply(text, 1).match(/\S+\s*/g)?.length,
      estimated: false,
    });
  });

  it("is estimated from the text's length when the server sends none", async () => {
    const text = "Count my tokens without usage [[no-usage]]";
    const { reply } = await ask(text);
    expect(reply.usage?.estimated).toBe(true);
    expect(reply.usage?.completion_tokens).toBe(Math.ceil(expectedReply(text, 1).length / 4));
    expect(reply.usage?.prompt_tokens).toBeGreaterThan(0);
  });

  it("counts summaries in the ledger too, and the caller's report sums every call", async () => {
    const summaries = async () =>
      (
        await query<{ n: number }>(
          databaseUrl,
          `SELECT count(*) AS "n" FROM "usage_records" r JOIN "users" u ON u."id" = r."user_id"
           WHERE u."username" = $1 AND r."kind" = 'summary' AND r."prompt_tokens" > 0`,
          [ADA.username],
        )
      )[0]?.n;
    const before = (await (await ada.fetch("/api/usage?days=1")).json()) as Report;
    const summariesBefore = Number(await summaries());
    await ask("Ledger of calls for woollen mills");
    expect(Number(await summaries())).toBe(summariesBefore + 1);

    const after = (await (await ada.fetch("/api/usage?days=1")).json()) as Report;
    expect(after.messages).toBe(before.messages + 1);
    expect(after.prompt_tokens).toBeGreaterThan(before.prompt_tokens);
    const today = new Date().toISOString().slice(0, 10);
    expect(after.by_day.at(-1)?.day).toBe(today);
    expect(after.by_day.reduce((sum, day) => sum + day.prompt_tokens, 0)).toBe(after.prompt_tokens);
    expect(after.by_model.reduce((sum, model) => sum + model.completion_tokens, 0)).toBe(
      after.completion_tokens,
    );
    expect(after.by_model.map((model) => model.model)).toContain("mock-model");
    expect(after).not.toHaveProperty("by_user");
  });

  it("records the API token that made each call, reply and summary alike", async () => {
    const token = await createApiToken(ada, "usage script");
    const script = new TokenClient(appUrl, token.token);
    const sessionId = await script.newSession();
    expect(
      (await script.postJson("/api", { data: "Counted for the token", session_id: sessionId })).status,
    ).toBe(200);
    const rows = await query<{ kind: string }>(
      databaseUrl,
      `SELECT "kind" FROM "usage_records" WHERE "api_token_id" = $1 ORDER BY "kind"`,
      [token.id],
    );
    expect(rows.map((row) => row.kind)).toEqual(["reply", "summary"]);
  });

  it("an administrator sees everyone's, by user; a user may not", async () => {
    const babbage = await loggedInClient(appUrl, BABBAGE.username, BABBAGE.password);
    const theirs = await babbage.newSession();
    await babbage.postJson("/api", { data: "Babbage spends too", session_id: theirs });
    const everyone = (await (await ada.fetch("/api/admin/usage?days=1")).json()) as Required<Report>;
    const names = everyone.by_user.map((row) => row.username);
    expect(names).toEqual(expect.arrayContaining([ADA.username, BABBAGE.username]));
    expect(everyone.by_user.reduce((sum, row) => sum + row.messages, 0)).toBe(everyone.messages);
    const own = (await (await babbage.fetch("/api/usage?days=1")).json()) as Report;
    expect(everyone.by_user.find((row) => row.username === BABBAGE.username)?.messages).toBe(own.messages);
    expect((await babbage.fetch("/api/admin/usage")).status).toBe(403);
  });

  it("refuses a period that is not 1 to 365 days", async () => {
    for (const days of ["0", "-1", "abc", "100000"]) {
      const response = await ada.fetch(`/api/usage?days=${days}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: "bad_request:query" });
    }
  });
});

type Report = {
  prompt_tokens: number;
  completion_tokens: number;
  messages: number;
  by_model: { model: string | null; prompt_tokens: number; completion_tokens: number; messages: number }[];
  by_day: { day: string; prompt_tokens: number; completion_tokens: number; messages: number }[];
  by_user?: { username: string; messages: number; prompt_tokens: number }[];
};
