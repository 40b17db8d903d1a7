// Folders (at most three deep, moved without cycles, deleted with or without their conversations),
// pinned conversations listed first, archived ones left out of the list but found by search; and
// another user's folder is no one else's to see, change or fill.
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

type Folder = { id: string; name: string; parent_id: string | null; system_prompt: string | null };
type Listed = {
  session_id: string;
  title: string | null;
  folder_id: string | null;
  pinned: boolean;
  archived: boolean;
};

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

async function folder(client: Client, name: string, parentId?: string | null): Promise<Folder> {
  const response = await client.postJson("/api/folders", {
    name,
    ...(parentId ? { parent_id: parentId } : {}),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Folder;
}

async function chatNamed(client: Client, title: string): Promise<string> {
  const sessionId = await client.newSession();
  expect((await client.postJson("/api", { data: `About ${title}`, session_id: sessionId })).status).toBe(200);
  expect((await client.patchJson(`/api/sessions/${sessionId}`, { title })).status).toBe(200);
  return sessionId;
}

async function listed(client: Client, query = ""): Promise<Listed[]> {
  const response = await client.fetch(`/api/sessions${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Listed[];
}

describe("folders", () => {
  it("go three deep and no deeper, on creating and on moving", async () => {
    const top = await folder(ada, "Work");
    const middle = await folder(ada, "Clients", top.id);
    const bottom = await folder(ada, "Acme", middle.id);
    expect(bottom.parent_id).toBe(middle.id);
    const tooDeep = await ada.postJson("/api/folders", { name: "Too deep", parent_id: bottom.id });
    expect(tooDeep.status).toBe(400);
    expect(((await tooDeep.json()) as { code: string }).code).toBe("bad_request:folder");

    // A folder of two levels cannot go under one already two deep.
    const other = await folder(ada, "Home");
    const otherChild = await folder(ada, "Garden", other.id);
    expect((await ada.patchJson(`/api/folders/${other.id}`, { parent_id: middle.id })).status).toBe(400);
    expect((await ada.patchJson(`/api/folders/${otherChild.id}`, { parent_id: middle.id })).status).toBe(200);
    const moved = (await (await ada.fetch("/api/folders")).json()) as Folder[];
    expect(moved.find((f) => f.id === otherChild.id)?.parent_id).toBe(middle.id);
    // And back to the top.
    const up = await ada.patchJson(`/api/folders/${otherChild.id}`, { parent_id: null });
    expect(((await up.json()) as Folder).parent_id).toBeNull();
  });

  it("cannot move under itself or under a folder of its own", async () => {
    const a = await folder(ada, "A");
    const b = await folder(ada, "B", a.id);
    for (const target of [a.id, b.id]) {
      const response = await ada.patchJson(`/api/folders/${a.id}`, { parent_id: target });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/into itself/);
    }
  });

  it("parallel moves cannot make a cycle", async () => {
    const x = await folder(ada, "X");
    const y = await folder(ada, "Y");
    const results = await Promise.all([
      ada.patchJson(`/api/folders/${x.id}`, { parent_id: y.id }),
      ada.patchJson(`/api/folders/${y.id}`, { parent_id: x.id }),
    ]);
    expect(results.map((response) => response.status).sort()).toEqual([200, 400]);
  });

  it("deleting one moves its conversations to no folder, or deletes them when asked", async () => {
    const keep = await folder(ada, "Keep");
    const keepChild = await folder(ada, "Keep child", keep.id);
    const kept = await chatNamed(ada, "kept chat");
    expect((await ada.patchJson(`/api/sessions/${kept}`, { folder_id: keepChild.id })).status).toBe(200);
    expect((await ada.fetch(`/api/folders/${keep.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await listed(ada)).find((c) => c.session_id === kept)?.folder_id).toBeNull();
    const folders = (await (await ada.fetch("/api/folders")).json()) as Folder[];
    expect(folders.some((f) => f.id === keepChild.id)).toBe(false);

    const drop = await folder(ada, "Drop");
    const dropped = await chatNamed(ada, "dropped chat");
    await ada.patchJson(`/api/sessions/${dropped}`, { folder_id: drop.id });
    expect(
      (await ada.fetch(`/api/folders/${drop.id}?delete_conversations=true`, { method: "DELETE" })).status,
    ).toBe(204);
    expect((await ada.fetch(`/api/sessions/${dropped}`)).status).toBe(404);
  });

  it("lists a folder's conversations, and gives new ones in it the folder's system prompt", async () => {
    const response = await ada.postJson("/api/folders", {
      name: "Pirates",
      system_prompt: "Talk like a pirate.",
    });
    const pirates = (await response.json()) as Folder;
    const inside = await chatNamed(ada, "inside");
    await chatNamed(ada, "outside");
    await ada.patchJson(`/api/sessions/${inside}`, { folder_id: pirates.id });
    expect((await listed(ada, `?folder_id=${pirates.id}`)).map((c) => c.session_id)).toEqual([inside]);

    const created = await ada.postJson("/api/new-session", { folder_id: pirates.id });
    const { session_id: fresh } = (await created.json()) as { session_id: string };
    const shown = (await (await ada.fetch(`/api/sessions/${fresh}`)).json()) as {
      system_prompt: string | null;
      folder_id: string | null;
    };
    expect(shown).toMatchObject({ system_prompt: "Talk like a pirate.", folder_id: pirates.id });
  });
});

describe("pinned and archived", () => {
  it("pinned ones come first, through every page; archived ones only in the Archived view, and in search", async () => {
    const client = await freshUser("pinner");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await chatNamed(client, `zebra chat ${i}`));
    // The oldest two pinned: they come first all the same.
    await client.patchJson(`/api/sessions/${ids[0]}`, { pinned: true });
    await client.patchJson(`/api/sessions/${ids[1]}`, { pinned: true });
    await client.patchJson(`/api/sessions/${ids[4]}`, { archived: true });

    const all = await listed(client);
    expect(all.map((c) => c.session_id)).toEqual([ids[1], ids[0], ids[3], ids[2]]);
    expect(all.slice(0, 2).every((c) => c.pinned)).toBe(true);
    // A page at a time, the same order.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const response: Response = await client.fetch(
        `/api/sessions?limit=1${cursor ? `&cursor=${cursor}` : ""}`,
      );
      paged.push(...((await response.json()) as Listed[]).map((c) => c.session_id));
      cursor = response.headers.get("x-next-cursor");
    } while (cursor);
    expect(paged).toEqual(all.map((c) => c.session_id));

    expect((await listed(client, "?archived=true")).map((c) => c.session_id)).toEqual([ids[4]]);
    const hits = (await (await client.fetch("/api/search?q=zebra")).json()) as {
      session_id: string;
      archived: boolean;
    }[];
    expect(hits.find((hit) => hit.session_id === ids[4])?.archived).toBe(true);
    expect(hits.find((hit) => hit.session_id === ids[3])?.archived).toBe(false);
    // Unarchived, it is back in the list.
    await client.patchJson(`/api/sessions/${ids[4]}`, { archived: false });
    expect((await listed(client)).map((c) => c.session_id)).toContain(ids[4]);
  });
});

describe("another user's folder", () => {
  it("is 404 on every route, and no one else's conversation can go into it", async () => {
    const secret = await folder(ada, "Ada's secret folder");
    expect(
      ((await (await babbage.fetch("/api/folders")).json()) as Folder[]).some((f) => f.id === secret.id),
    ).toBe(false);
    expect((await babbage.patchJson(`/api/folders/${secret.id}`, { name: "mine" })).status).toBe(404);
    expect((await babbage.fetch(`/api/folders/${secret.id}`, { method: "DELETE" })).status).toBe(404);
    expect(
      (await babbage.postJson("/api/folders", { name: "Inside Ada's", parent_id: secret.id })).status,
    ).toBe(404);
    const own = await folder(babbage, "Babbage's");
    expect((await babbage.patchJson(`/api/folders/${own.id}`, { parent_id: secret.id })).status).toBe(404);

    const babbages = await chatNamed(babbage, "babbage's chat");
    const put = await babbage.patchJson(`/api/sessions/${babbages}`, { folder_id: secret.id });
    expect(put.status).toBe(404);
    expect(((await put.json()) as { code: string }).code).toBe("not_found:folder");
    expect((await babbage.postJson("/api/new-session", { folder_id: secret.id })).status).toBe(404);
    expect((await listed(ada, `?folder_id=${secret.id}`)).length).toBe(0);
    expect((await listed(babbage, `?folder_id=${secret.id}`)).length).toBe(0);
    // And Ada's conversation cannot be moved by Babbage, into his own folder or any.
    const adas = await chatNamed(ada, "ada's chat");
    expect((await babbage.patchJson(`/api/sessions/${adas}`, { folder_id: own.id })).status).toBe(404);
  });
});

let fresh = 0;
async function freshUser(prefix: string): Promise<Client> {
  const user = { username: `${prefix}${++fresh}`, password: "a long enough password 1" };
  await createUser(user, { DATABASE_URL: database.url });
  return loggedInClient(app.url, user.username, user.password);
}
