// The conversation list (GET /api/sessions), whose JSON the database writes itself: each entry is
// what GET /api/sessions/<id> says of that conversation, field for field, whatever its title,
// settings, folder, pin and archive; the pages cover the list in order; another user's
// conversations are never in it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { type Client, loggedInClient } from "../fixtures/http-client";
import { type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../fixtures/users";

let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;
let ada: Client;
let babbage: Client;

type Listed = { session_id: string } & Record<string, unknown>;

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI({ models: ["mock-model", "mock-large"] });
  await createUser(ADA, { DATABASE_URL: database.url });
  await createUser(BABBAGE, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: mock.baseURL,
    OPENAI_MODEL: "mock-model",
  });
  ada = await loggedInClient(app.url, ADA.username, ADA.password);
  babbage = await loggedInClient(app.url, BABBAGE.username, BABBAGE.password);
});

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

const patch = async (client: Client, id: string, body: unknown) => {
  const response = await client.fetch(`/api/sessions/${id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
};

async function chat(client: Client, text: string): Promise<string> {
  const sessionId = await client.newSession();
  expect((await client.postJson("/api", { data: text, session_id: sessionId })).status).toBe(200);
  return sessionId;
}

async function listed(client: Client, query = ""): Promise<{ entries: Listed[]; response: Response }> {
  const response = await client.fetch(`/api/sessions${query}`);
  expect(response.status).toBe(200);
  return { entries: (await response.clone().json()) as Listed[], response };
}

describe("the conversation list", () => {
  it("is empty, as JSON, for a user with no conversations", async () => {
    const { entries, response } = await listed(babbage);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(entries).toEqual([]);
    expect(response.headers.get("x-next-cursor")).toBeNull();
  });

  it("says of each conversation what the conversation itself says, field for field", async () => {
    const folderResponse = await ada.postJson("/api/folders", { name: "Engines" });
    expect(folderResponse.status).toBe(201);
    const folder = (await folderResponse.json()) as { id: string };

    const plain = await chat(ada, "A plain question, listed under its first words");
    const titled = await chat(ada, "Another question");
    await patch(ada, titled, {
      title: 'Quotes " and \\ backslashes, a tab\there, émigré 🎉 and \u2028 a line separator',
      system_prompt: "Line one\nline two, with <html> & 'quotes'",
      temperature: 0.7,
      pinned: true,
    });
    const filed = await chat(ada, "A third question");
    await patch(ada, filed, { folder_id: folder.id, model: "mock-large", temperature: 1.2345678901234567 });
    const archived = await chat(ada, "A fourth question");
    await patch(ada, archived, { archived: true, temperature: 0 });
    await chat(babbage, "Babbage's own question");

    const { entries } = await listed(ada);
    expect(entries.map((entry) => entry.session_id)).toEqual([titled, filed, plain]);
    const { entries: archivedEntries } = await listed(ada, "?archived=true");
    expect(archivedEntries.map((entry) => entry.session_id)).toEqual([archived]);
    const { entries: inFolder } = await listed(ada, `?folder_id=${folder.id}`);
    expect(inFolder.map((entry) => entry.session_id)).toEqual([filed]);

    for (const entry of [...entries, ...archivedEntries]) {
      const own = await ada.fetch(`/api/sessions/${entry.session_id}`);
      expect(own.status).toBe(200);
      const { messages: _messages, ...conversation } = (await own.json()) as Record<string, unknown>;
      // The conversation's own view may say more (its messages, its branch); all the list says, it says too.
      for (const [key, value] of Object.entries(entry))
        expect([key, conversation[key]]).toEqual([key, value]);
      expect(Object.keys(entry).sort()).toEqual(
        [
          "session_id",
          "title",
          "summary",
          "preview",
          "model",
          "system_prompt",
          "temperature",
          "folder_id",
          "pinned",
          "archived",
          "created_at",
          "updated_at",
        ].sort(),
      );
    }
    expect(entries[0]).toMatchObject({ pinned: true, temperature: 0.7, model: null });
    expect(entries[1]).toMatchObject({
      folder_id: folder.id,
      model: "mock-large",
      temperature: 1.2345678901234567,
    });
    expect(archivedEntries[0]).toMatchObject({ archived: true, temperature: 0 });
    expect(entries[2]?.preview).toBe("A plain question, listed under its first words");
    expect(
      entries.every((entry) => typeof entry.updated_at === "string" && entry.updated_at.endsWith("Z")),
    ).toBe(true);
  });

  it("comes a page at a time, in the order of the whole list, and the last page has no cursor", async () => {
    for (let index = 0; index < 3; index++) await chat(ada, `Paged question ${index}`);
    const { entries: all } = await listed(ada, "?limit=200");
    expect(all.length).toBeGreaterThanOrEqual(6);
    const paged: Listed[] = [];
    let cursor: string | null = null;
    do {
      const { entries, response } = await listed(ada, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(entries.length).toBeLessThanOrEqual(2);
      paged.push(...entries);
      cursor = response.headers.get("x-next-cursor");
    } while (cursor);
    expect(paged).toEqual(all);
    // A page that ends exactly where the list does says there is nothing after it.
    const { response: exact } = await listed(ada, `?limit=${all.length}`);
    expect(exact.headers.get("x-next-cursor")).toBeNull();
    const { response: short } = await listed(ada, `?limit=${all.length - 1}`);
    expect(short.headers.get("x-next-cursor")).not.toBeNull();
  });

  it("never holds another user's conversations", async () => {
    const { entries: theirs } = await listed(babbage, "?limit=200");
    const { entries: mine } = await listed(ada, "?limit=200");
    expect(theirs).toHaveLength(1);
    expect(mine.some((entry) => entry.session_id === theirs[0]?.session_id)).toBe(false);
  });
});
