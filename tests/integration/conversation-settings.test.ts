// A conversation's own model, instructions and temperature, set directly or from a preset, and what
// of them reaches the model server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { type Client, loggedInClient } from "../fixtures/http-client";
import {
  type CompletionRequest,
  isSummaryRequest,
  type MockOpenAI,
  startMockOpenAI,
  textOf,
} from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../fixtures/users";

const DEFAULT_PROMPT = "You are the instance's helpful assistant.";

type Conversation = {
  session_id: string;
  model: string | null;
  system_prompt: string | null;
  temperature: number | null;
};
type Preset = {
  id: string;
  name: string;
  system_prompt: string;
  model: string | null;
  temperature: number | null;
  shared: boolean;
  mine: boolean;
};

let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;
let admin: Client;
let user: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI({ models: ["mock-model", "mock-large"] });
  await createUser(ADA, { DATABASE_URL: database.url });
  await createUser(BABBAGE, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: mock.baseURL,
    OPENAI_MODEL: "mock-model",
    DEFAULT_SYSTEM_PROMPT: DEFAULT_PROMPT,
  });
  admin = await loggedInClient(app.url, ADA.username, ADA.password);
  user = await loggedInClient(app.url, BABBAGE.username, BABBAGE.password);
});

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

const patch = (client: Client, url: string, body: unknown) =>
  client.fetch(url, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** The request for a reply (not a summary) whose last message is `text`. */
function sentFor(text: string): CompletionRequest | undefined {
  return mock.requests.findLast(
    (request) => !isSummaryRequest(request) && textOf(request.messages?.at(-1)?.content) === text,
  );
}

async function newConversation(client: Client, body?: unknown): Promise<string> {
  const response =
    body === undefined
      ? await client.fetch("/api/new-session", { method: "POST" })
      : await client.postJson("/api/new-session", body);
  expect(response.status).toBe(200);
  return ((await response.json()) as { session_id: string }).session_id;
}

const conversation = async (client: Client, id: string) =>
  (await (await client.fetch(`/api/sessions/${id}`)).json()) as Conversation;

describe("a conversation's settings", () => {
  it("none of its own: the model is sent DEFAULT_SYSTEM_PROMPT first, the default model, and no temperature", async () => {
    const id = await newConversation(user);
    expect(await conversation(user, id)).toMatchObject({
      model: null,
      system_prompt: null,
      temperature: null,
    });
    expect((await user.postJson("/api", { data: "Plain start", session_id: id })).status).toBe(200);
    const sent = sentFor("Plain start");
    expect(sent?.messages?.[0]).toEqual({ role: "system", content: DEFAULT_PROMPT });
    expect(sent?.model).toBe("mock-model");
    expect(sent).not.toHaveProperty("temperature");
  });

  it("its own: the system prompt replaces the default (never both), with its model and temperature", async () => {
    const id = await newConversation(user, {
      model: "mock-large",
      system_prompt: "Answer like a pirate.",
      temperature: 0.3,
    });
    expect(await conversation(user, id)).toMatchObject({
      model: "mock-large",
      system_prompt: "Answer like a pirate.",
      temperature: 0.3,
    });
    await user.postJson("/api", { data: "Ahoy there", session_id: id });
    const sent = sentFor("Ahoy there");
    expect(sent?.messages?.filter((message) => message.role === "system")).toEqual([
      { role: "system", content: "Answer like a pirate." },
    ]);
    expect(sent).toMatchObject({ model: "mock-large", temperature: 0.3 });

    // The list shows them too.
    const listed = (await (await user.fetch("/api/sessions")).json()) as Conversation[];
    expect(listed.find((entry) => entry.session_id === id)).toMatchObject({
      model: "mock-large",
      temperature: 0.3,
    });
  });

  it("PATCH changes them and null resets each to the default; the next turn uses what is set", async () => {
    const id = await newConversation(user, { system_prompt: "Be terse." });
    const changed = await patch(user, `/api/sessions/${id}`, { model: "mock-large", temperature: 1.2 });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      model: "mock-large",
      system_prompt: "Be terse.",
      temperature: 1.2,
    });
    await user.postJson("/api", { data: "First turn", session_id: id });
    expect(sentFor("First turn")).toMatchObject({ model: "mock-large", temperature: 1.2 });

    const reset = await patch(user, `/api/sessions/${id}`, {
      model: null,
      system_prompt: null,
      temperature: null,
    });
    expect(await reset.json()).toMatchObject({ model: null, system_prompt: null, temperature: null });
    await user.postJson("/api", { data: "Second turn", session_id: id });
    const sent = sentFor("Second turn");
    expect(sent?.model).toBe("mock-model");
    expect(sent?.messages?.[0]).toEqual({ role: "system", content: DEFAULT_PROMPT });
    expect(sent).not.toHaveProperty("temperature");

    // A regeneration and an edit use the settings too.
    await patch(user, `/api/sessions/${id}`, { system_prompt: "Regenerate like a poet." });
    await user.postJson(`/api/sessions/${id}/regenerate`, {});
    expect(sentFor("Second turn")?.messages?.[0]).toEqual({
      role: "system",
      content: "Regenerate like a poet.",
    });
    await user.postJson(`/api/sessions/${id}/edit`, { data: "Second turn, edited" });
    expect(sentFor("Second turn, edited")?.messages?.[0]).toEqual({
      role: "system",
      content: "Regenerate like a poet.",
    });
  });

  it("refuses a temperature outside 0 to 2, a prompt that is not text, and fields it does not know", async () => {
    const id = await newConversation(user);
    for (const body of [
      { temperature: 2.5 },
      { temperature: -1 },
      { temperature: "hot" },
      { system_prompt: 42 },
      { system_prompt: "x".repeat(20_001) },
    ]) {
      const refused = await patch(user, `/api/sessions/${id}`, body);
      expect(refused.status, JSON.stringify(body).slice(0, 50)).toBe(400);
      expect(await refused.json()).toMatchObject({ code: expect.stringMatching(/^bad_request/) });
      expect((await user.postJson("/api/new-session", body)).status).toBe(400);
    }
    // Another user's conversation is not found, whatever the body.
    expect((await patch(admin, `/api/sessions/${id}`, { temperature: 1 })).status).toBe(404);
    expect(await conversation(user, id)).toMatchObject({ temperature: null });
  });

  it("POST /api with a model: that turn and the next use it, and the conversation shows it", async () => {
    const id = await newConversation(user);
    await user.postJson("/api", { data: "Switch here", session_id: id, model: "mock-large" });
    expect(sentFor("Switch here")?.model).toBe("mock-large");
    await user.postJson("/api", { data: "And stay", session_id: id });
    expect(sentFor("And stay")?.model).toBe("mock-large");
    expect((await conversation(user, id)).model).toBe("mock-large");
  });
});

describe("presets", () => {
  it("a new conversation from a preset copies it; changing or deleting the preset later leaves the conversation be", async () => {
    const created = await user.postJson("/api/presets", {
      name: "Translator",
      system_prompt: "Translate into French.",
      model: "mock-large",
      temperature: 0.2,
    });
    expect(created.status).toBe(201);
    const preset = (await created.json()) as Preset;
    expect(preset).toMatchObject({ name: "Translator", shared: false, mine: true });

    const id = await newConversation(user, { preset_id: preset.id });
    expect(await conversation(user, id)).toMatchObject({
      model: "mock-large",
      system_prompt: "Translate into French.",
      temperature: 0.2,
    });
    // What the request sets itself wins over the preset.
    const overridden = await newConversation(user, { preset_id: preset.id, temperature: 0.9 });
    expect(await conversation(user, overridden)).toMatchObject({
      system_prompt: "Translate into French.",
      temperature: 0.9,
    });

    const changed = await patch(user, `/api/presets/${preset.id}`, {
      system_prompt: "Translate into German.",
    });
    expect(await changed.json()).toMatchObject({ system_prompt: "Translate into German." });
    expect((await conversation(user, id)).system_prompt).toBe("Translate into French.");
    expect((await user.fetch(`/api/presets/${preset.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await conversation(user, id)).system_prompt).toBe("Translate into French.");
    await user.postJson("/api", { data: "Good morning", session_id: id });
    expect(sentFor("Good morning")?.messages?.[0]).toEqual({
      role: "system",
      content: "Translate into French.",
    });
  });

  it("another user's preset is not found, to use, change or delete; it is not listed", async () => {
    const mine = (await (
      await admin.postJson("/api/presets", {
        name: "Admin's own",
        system_prompt: "Secret admin instructions.",
      })
    ).json()) as Preset;
    expect((await user.postJson("/api/new-session", { preset_id: mine.id })).status).toBe(404);
    expect((await patch(user, `/api/presets/${mine.id}`, { name: "stolen" })).status).toBe(404);
    expect((await user.fetch(`/api/presets/${mine.id}`, { method: "DELETE" })).status).toBe(404);
    const listed = (await (await user.fetch("/api/presets")).json()) as Preset[];
    expect(listed.map((preset) => preset.id)).not.toContain(mine.id);
    expect(JSON.stringify(listed)).not.toContain("Secret admin instructions.");
    const still = (await (await admin.fetch("/api/presets")).json()) as Preset[];
    expect(still.find((preset) => preset.id === mine.id)).toMatchObject({ name: "Admin's own" });
  });

  it("only administrators share; a shared preset is listed for everyone, usable, but changed by its owner only", async () => {
    const refused = await user.postJson("/api/presets", {
      name: "Mine for all",
      system_prompt: "x",
      shared: true,
    });
    expect(refused.status).toBe(403);
    const own = (await (
      await user.postJson("/api/presets", { name: "Private", system_prompt: "x" })
    ).json()) as Preset;
    expect((await patch(user, `/api/presets/${own.id}`, { shared: true })).status).toBe(403);

    const shared = (await (
      await admin.postJson("/api/presets", {
        name: "Team style",
        system_prompt: "Follow the team's style guide.",
        shared: true,
      })
    ).json()) as Preset;
    const listed = (await (await user.fetch("/api/presets")).json()) as Preset[];
    expect(listed.find((preset) => preset.id === shared.id)).toMatchObject({ shared: true, mine: false });
    const id = await newConversation(user, { preset_id: shared.id });
    expect((await conversation(user, id)).system_prompt).toBe("Follow the team's style guide.");
    expect((await patch(user, `/api/presets/${shared.id}`, { system_prompt: "hijacked" })).status).toBe(404);
    expect((await user.fetch(`/api/presets/${shared.id}`, { method: "DELETE" })).status).toBe(404);
    const audit = (await (await admin.fetch("/api/admin/audit")).json()) as { action: string }[];
    expect(audit.map((event) => event.action)).toContain("preset.share");
  });

  it("refuses a preset without a name or prompt, and an unknown preset id", async () => {
    expect((await user.postJson("/api/presets", { name: " ", system_prompt: "x" })).status).toBe(400);
    expect((await user.postJson("/api/presets", { name: "No prompt" })).status).toBe(400);
    expect(
      (await user.postJson("/api/new-session", { preset_id: "00000000-0000-7000-8000-000000000000" })).status,
    ).toBe(404);
    expect((await user.postJson("/api/new-session", { preset_id: "not-a-uuid" })).status).toBe(400);
  });

  it("a user has at most 200 presets, even when asking for more at once", async () => {
    const racer = { username: "preset-racer", password: "preset-racer-password" };
    await createUser(racer, { DATABASE_URL: database.url });
    const client = await loggedInClient(app.url, racer.username, racer.password);
    for (let batch = 0; batch < 19; batch++) {
      const made = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          client.postJson("/api/presets", { name: `p${batch}-${i}`, system_prompt: "x" }),
        ),
      );
      expect(made.every((response) => response.status === 201)).toBe(true);
    }
    const last = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.postJson("/api/presets", { name: `last-${i}`, system_prompt: "x" }),
      ),
    );
    const refused = last.filter((response) => response.status === 409);
    expect(refused.length).toBeGreaterThan(0);
    expect(await refused[0]?.json()).toMatchObject({ code: "conflict:preset" });
    const listed = (await (await client.fetch("/api/presets")).json()) as Preset[];
    expect(listed.filter((preset) => preset.mine)).toHaveLength(200);
  });
});
