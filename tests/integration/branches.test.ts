// A conversation is a tree: an edit or a regeneration adds a version next to the old one, which
// stays; the client steps between versions, forks a branch into a new conversation, and the model
// is sent the active branch only. Search finds every branch; export and import keep the tree.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { type Client, loggedInClient } from "../fixtures/http-client";
import {
  type CompletionRequest,
  expectedReply,
  isSummaryRequest,
  type MockOpenAI,
  startMockOpenAI,
  textOf,
} from "../fixtures/mock-openai";
import { collect, follow } from "../fixtures/sse";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../fixtures/users";

let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;
let ada: Client;
let babbage: Client;

type Message = { id: string; parent_id: string | null; sibling_ids: string[]; role: string; content: string };
type Shown = { session_id: string; messages: Message[]; next_cursor: string | null };

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  await createUser(ADA, { DATABASE_URL: database.url });
  await createUser(BABBAGE, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: database.url, OPENAI_BASE_URL: mock.baseURL, OPENAI_MODEL: "mock" });
  ada = await loggedInClient(app.url, ADA.username, ADA.password);
  babbage = await loggedInClient(app.url, BABBAGE.username, BABBAGE.password);
});

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

async function shown(client: Client, sessionId: string, query = ""): Promise<Shown> {
  const response = await client.fetch(`/api/sessions/${sessionId}${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Shown;
}

const contents = (page: Shown) => page.messages.map((message) => message.content);

/** A conversation of `turns` questions, each answered. */
async function conversationOf(client: Client, turns: string[]): Promise<string> {
  const sessionId = await client.newSession();
  for (const text of turns) {
    const response = await client.postJson("/api", { data: text, session_id: sessionId });
    expect(response.status).toBe(200);
  }
  return sessionId;
}

/** The reply request (not a summary) whose last message is `text`. */
function requestFor(text: string): CompletionRequest | undefined {
  return mock.requests.findLast(
    (request) => !isSummaryRequest(request) && textOf(request.messages?.at(-1)?.content) === text,
  );
}

function post(client: Client, sessionId: string, action: string, body: unknown) {
  return client.postJson(`/api/sessions/${sessionId}/${action}`, body);
}

describe("editing an earlier message", () => {
  it("adds a version of it after the same messages; the model is sent only that branch", async () => {
    const questions = ["Q1 one", "Q2 two", "Q3 three", "Q4 four", "Q5 five"];
    const sessionId = await conversationOf(ada, questions);
    const before = await shown(ada, sessionId);
    expect(before.messages).toHaveLength(10);
    const second = before.messages[2] as Message;
    expect(second.content).toBe("Q2 two");
    expect(second.parent_id).toBe(before.messages[1]?.id);

    const edited = await post(ada, sessionId, "edit", { data: "Q2 edited", message_id: second.id });
    expect(edited.status).toBe(200);
    const body = (await edited.json()) as { data: string; history: Message[] };
    // The model saw the first turn and the new version: nothing after the old one.
    expect(body.data).toBe(expectedReply("Q2 edited", 3));
    expect(requestFor("Q2 edited")?.messages?.map((message) => textOf(message.content))).toEqual([
      "Q1 one",
      expectedReply("Q1 one", 1),
      "Q2 edited",
    ]);
    expect(body.history.map((message) => message.content)).toEqual([
      "Q1 one",
      expectedReply("Q1 one", 1),
      "Q2 edited",
      body.data,
    ]);

    // The page shows the new branch; the new version sits next to the old one.
    const after = await shown(ada, sessionId);
    expect(contents(after)).toEqual(body.history.map((message) => message.content));
    const version = after.messages[2] as Message;
    expect(version.sibling_ids).toEqual([second.id, version.id]);
    expect(after.messages[0]?.sibling_ids).toEqual([after.messages[0]?.id]);

    // A new message joins the new branch.
    await ada.postJson("/api", { data: "Q3 after the edit", session_id: sessionId });
    expect(requestFor("Q3 after the edit")?.messages?.map((message) => textOf(message.content))).toEqual([
      "Q1 one",
      expectedReply("Q1 one", 1),
      "Q2 edited",
      expectedReply("Q2 edited", 3),
      "Q3 after the edit",
    ]);
  });

  it("steps back to the first version and its whole continuation, and forward again", async () => {
    const sessionId = await conversationOf(ada, ["S1", "S2", "S3"]);
    const original = await shown(ada, sessionId);
    const s2 = original.messages[2] as Message;
    await post(ada, sessionId, "edit", { data: "S2 second version", message_id: s2.id });
    const edited = await shown(ada, sessionId);
    const newVersion = edited.messages[2] as Message;

    const back = await post(ada, sessionId, "branch", { message_id: s2.id });
    expect(back.status).toBe(200);
    const stepped = (await back.json()) as Shown;
    expect(contents(stepped)).toEqual(contents(original));
    expect(stepped.messages[2]?.sibling_ids).toEqual([s2.id, newVersion.id]);
    // It holds: the conversation is opened on that branch, and the model is sent it.
    expect(contents(await shown(ada, sessionId))).toEqual(contents(original));
    await ada.postJson("/api", { data: "S4 on the old branch", session_id: sessionId });
    expect(requestFor("S4 on the old branch")?.messages).toHaveLength(7);

    const forward = (await (
      await post(ada, sessionId, "branch", { message_id: newVersion.id })
    ).json()) as Shown;
    expect(contents(forward)).toEqual(contents(edited));
  });
});

describe("regenerating", () => {
  it("twice gives three versions of the reply, each kept", async () => {
    const sessionId = await conversationOf(ada, ["Vary this [[vary]]"]);
    for (let i = 0; i < 2; i++) {
      expect((await post(ada, sessionId, "regenerate", {})).status).toBe(200);
    }
    const after = await shown(ada, sessionId);
    expect(after.messages).toHaveLength(2);
    const reply = after.messages[1] as Message;
    expect(reply.sibling_ids).toHaveLength(3);
    expect(reply.sibling_ids.at(-1)).toBe(reply.id);
    const versions = new Set<string>();
    for (const id of reply.sibling_ids) {
      const page = (await (await post(ada, sessionId, "branch", { message_id: id })).json()) as Shown;
      expect(page.messages[1]?.id).toBe(id);
      versions.add(page.messages[1]?.content as string);
    }
    expect(versions.size).toBe(3);
  });

  it("an earlier reply, by its id: a new version after the same question", async () => {
    const sessionId = await conversationOf(ada, ["R1", "R2"]);
    const before = await shown(ada, sessionId);
    const firstReply = before.messages[1] as Message;
    const streamed = await post(ada, sessionId, "regenerate", { message_id: firstReply.id, stream: true });
    const { done } = await collect(streamed);
    expect(done?.message.content).toBe(expectedReply("R1", 1));
    const after = await shown(ada, sessionId);
    expect(contents(after)).toEqual(["R1", expectedReply("R1", 1)]);
    expect(after.messages[1]?.sibling_ids).toEqual([firstReply.id, done?.message.id]);
    // A user's message is not a reply.
    const refused = await post(ada, sessionId, "regenerate", { message_id: before.messages[0]?.id });
    expect(refused.status).toBe(400);
  });
});

describe("forking", () => {
  it("copies the branch up to a message into a new conversation; the original stays as it was", async () => {
    const sessionId = await conversationOf(ada, ["F1", "F2", "F3"]);
    const original = await shown(ada, sessionId);
    const forked = await post(ada, sessionId, "fork", { message_id: original.messages[3]?.id });
    expect(forked.status).toBe(201);
    const { session_id: copyId } = (await forked.json()) as { session_id: string };
    expect(copyId).not.toBe(sessionId);
    const copy = await shown(ada, copyId);
    expect(contents(copy)).toEqual(contents(original).slice(0, 4));
    expect(copy.messages.every((message, index) => message.id !== original.messages[index]?.id)).toBe(true);
    expect(contents(await shown(ada, sessionId))).toEqual(contents(original));
    // The copy goes on by itself.
    await ada.postJson("/api", { data: "F3 in the copy", session_id: copyId });
    expect(requestFor("F3 in the copy")?.messages).toHaveLength(5);
  });
});

describe("a reply being written", () => {
  it("keeps its branch: stepping and editing wait (409), the conversation opens on it, and it finishes", async () => {
    const sessionId = await conversationOf(ada, ["W1"]);
    const first = await shown(ada, sessionId);
    await post(ada, sessionId, "regenerate", {});
    const slow = await ada.postJson(
      "/api",
      { data: "Write slowly [[delay:80]] about the tides and the moon", session_id: sessionId },
      { accept: "text/event-stream" },
    );
    const reading = follow(slow);
    await reading.deltas(2);
    for (const [action, body] of [
      ["branch", { message_id: first.messages[1]?.id }],
      ["edit", { data: "changed meanwhile" }],
      ["regenerate", {}],
    ] as const) {
      const response = await post(ada, sessionId, action, body);
      expect(response.status).toBe(409);
    }
    const during = await shown(ada, sessionId);
    expect(during.messages.at(-2)?.content).toContain("Write slowly");
    expect(during.messages.at(-1)?.id).toBe((await reading.done).done?.message.id);
    const after = await shown(ada, sessionId);
    expect(after.messages.at(-1)?.content).toBe(
      expectedReply("Write slowly [[delay:80]] about the tides and the moon", 3),
    );
    expect((await post(ada, sessionId, "branch", { message_id: first.messages[1]?.id })).status).toBe(200);
  });
});

describe("search", () => {
  it("finds a message on a branch that is not shown, and opening the hit shows its branch", async () => {
    // Not in the first message, which the summary is made from: only the message itself matches.
    const sessionId = await conversationOf(ada, ["Good morning", "Tell me about the quokka island"]);
    const before = await shown(ada, sessionId);
    await post(ada, sessionId, "edit", { data: "Tell me about the kangaroo island" });
    const hits = (await (await ada.fetch("/api/search?q=quokka")).json()) as {
      session_id: string;
      message_id: string;
    }[];
    expect(hits.map((hit) => hit.session_id)).toContain(sessionId);
    const hit = hits.find((entry) => entry.session_id === sessionId);
    // The message, or its reply (which echoes it): both are on the branch no longer shown.
    expect([before.messages[2]?.id, before.messages[3]?.id]).toContain(hit?.message_id);

    const page = await ada.fetch(`/interact_history/${sessionId}?message=${hit?.message_id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("quokka island");
    expect(html).not.toContain("kangaroo island");
    expect(contents(await shown(ada, sessionId))[2]).toBe("Tell me about the quokka island");
  });
});

describe("export and import", () => {
  it("keep the whole tree and the active branch: a round trip comes back equal", async () => {
    const sessionId = await conversationOf(ada, ["E1", "E2"]);
    const original = await shown(ada, sessionId);
    await post(ada, sessionId, "edit", { data: "E2 again", message_id: original.messages[2]?.id });
    await post(ada, sessionId, "regenerate", {});
    await post(ada, sessionId, "branch", { message_id: original.messages[2]?.id });
    const exported = (await (await ada.fetch(`/api/sessions/${sessionId}/export?format=json`)).json()) as {
      conversations: { active_leaf_id: string; messages: Message[] }[];
    };
    const tree = exported.conversations[0];
    expect(tree?.messages).toHaveLength(7);
    expect(tree?.active_leaf_id).toBe(original.messages[3]?.id);
    expect(tree?.messages.filter((message) => message.parent_id === original.messages[1]?.id)).toHaveLength(
      2,
    );

    // The Markdown export is the active branch.
    const markdown = await (await ada.fetch(`/api/sessions/${sessionId}/export?format=md`)).text();
    expect(markdown).toContain("E2");
    expect(markdown).not.toContain("E2 again");

    expect((await ada.fetch(`/api/sessions/${sessionId}`, { method: "DELETE" })).status).toBe(204);
    expect((await ada.postJson("/api/import", exported)).status).toBe(200);
    const again = await (await ada.fetch(`/api/sessions/${sessionId}/export?format=json`)).json();
    expect((again as typeof exported).conversations).toEqual(exported.conversations);
    expect(contents(await shown(ada, sessionId))).toEqual(contents(original));
  });

  it("refuses a parent that is not an earlier message, importing nothing", async () => {
    const at = "2026-01-01T00:00:00.000Z";
    const [a, b] = ["0190b6a0-0000-7000-8000-00000000000a", "0190b6a0-0000-7000-8000-00000000000b"];
    const response = await babbage.postJson("/api/import", {
      format: "chat-history-export",
      version: 1,
      conversations: [
        {
          created_at: at,
          updated_at: at,
          messages: [
            { id: a, parent_id: b, role: "user", content: "loop", timestamp: at },
            { id: b, parent_id: a, role: "assistant", content: "loop", timestamp: at },
          ],
        },
      ],
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/messages\[0\]\.parent_id/);
    expect(await (await babbage.fetch("/api/sessions")).json()).toEqual([]);
  });
});

describe("another user's ids", () => {
  it("are 404 on every branch call, by conversation and by message", async () => {
    const adas = await conversationOf(ada, ["Ada's own"]);
    const adaMessage = (await shown(ada, adas)).messages[0]?.id;
    const babbages = await conversationOf(babbage, ["Babbage's own"]);
    const babbageMessage = (await shown(babbage, babbages)).messages[1]?.id;
    for (const [action, body] of [
      ["branch", { message_id: adaMessage }],
      ["fork", { message_id: adaMessage }],
      ["edit", { data: "mine now", message_id: adaMessage }],
      ["regenerate", { message_id: adaMessage }],
    ] as const) {
      expect((await post(babbage, adas, action, body)).status).toBe(404);
    }
    // Ada's conversation with Babbage's message in it.
    for (const [action, body] of [
      ["branch", { message_id: babbageMessage }],
      ["fork", { message_id: babbageMessage }],
      ["edit", { data: "mine now", message_id: babbageMessage }],
      ["regenerate", { message_id: babbageMessage }],
    ] as const) {
      const response = await post(ada, adas, action, body);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { code: string }).code).toBe("not_found:message");
    }
    expect(contents(await shown(babbage, babbages))).toEqual([
      "Babbage's own",
      expectedReply("Babbage's own", 1),
    ]);
  });
});
