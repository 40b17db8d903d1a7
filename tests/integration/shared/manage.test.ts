import { beforeAll, describe, expect, inject, it } from "vitest";
import { messagesOf, query } from "../../fixtures/db-query";
import { type Client, loggedInClient } from "../../fixtures/http-client";
import { ADA, BABBAGE, createUser } from "../../fixtures/users";

// Users of their own for the tests that look at a whole account, which other files must not touch.
const HOPPER = { username: "hopper", password: "cobol-compiler-1959" };
const LAMARR = { username: "lamarr", password: "frequency-hopping-1942" };

const appUrl = inject("appUrl");
const databaseUrl = inject("databaseUrl");
const provider = inject("provider");

type Session = { session_id: string; title: string | null; summary: string | null };
type SearchHit = Session & { snippet: string; highlights: [number, number][]; message_id: string | null };

let ada: Client;
let babbage: Client;

beforeAll(async () => {
  // Users first: createUser blocks this process for seconds, and a logged-in client's idle
  // keep-alive connection, closed by the server meanwhile, would be reused before its timer fired.
  await createUser(HOPPER, { DATABASE_URL: databaseUrl });
  await createUser(LAMARR, { DATABASE_URL: databaseUrl });
  ada = await loggedInClient(appUrl, ADA.username, ADA.password);
  babbage = await loggedInClient(appUrl, BABBAGE.username, BABBAGE.password);
});

async function chat(client: Client, ...texts: string[]): Promise<string> {
  const sessionId = await client.newSession();
  for (const data of texts)
    expect((await client.postJson("/api", { data, session_id: sessionId })).status).toBe(200);
  return sessionId;
}

async function search(client: Client, q: string): Promise<SearchHit[]> {
  const response = await client.fetch(`/api/search?q=${encodeURIComponent(q)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as SearchHit[];
}

describe("GET /api/search", () => {
  it("finds messages by word prefix, best first, with the match highlighted in the snippet", async () => {
    const strong = await chat(
      ada,
      "Kubernetes operators reconcile Kubernetes resources, Kubernetes all the way",
    );
    const weak = await chat(
      ada,
      "Gardening tips",
      "By the way, I once read about kubernetes in a long unrelated text about many other things",
    );
    const hits = await search(ada, "kubern");
    const ids = hits.map((hit) => hit.session_id);
    expect(ids).toContain(strong);
    expect(ids).toContain(weak);
    expect(ids.indexOf(strong)).toBeLessThan(ids.indexOf(weak));
    const hit = hits.find((candidate) => candidate.session_id === weak) as SearchHit;
    expect(hit.message_id).toMatch(/^[0-9a-f-]{36}$/);
    const [start, end] = hit.highlights[0] as [number, number];
    expect(hit.snippet.slice(start, end).toLowerCase()).toBe("kubernetes");
    const stored = await messagesOf(databaseUrl, weak);
    expect(stored.map((message) => message.content)).toContain(
      "By the way, I once read about kubernetes in a long unrelated text about many other things",
    );
  });

  it("matches words in any language", async () => {
    const german = await chat(ada, "Die Straßenbahn fährt über die Brücke");
    const greek = await chat(ada, "Η φιλοσοφία της επιστήμης");
    const russian = await chat(ada, "Москва столица России");
    expect((await search(ada, "BRÜCK")).map((hit) => hit.session_id)).toContain(german);
    expect((await search(ada, "φιλοσ")).map((hit) => hit.session_id)).toContain(greek);
    expect((await search(ada, "москв")).map((hit) => hit.session_id)).toContain(russian);
  });

  it("finds Chinese and Japanese words inside runs written without spaces", async () => {
    const chinese = await chat(ada, "我喜欢北京的秋天");
    const scattered = await chat(ada, "北方的京剧很好看");
    const japanese = await chat(ada, "昨日は東京タワーに行きました");
    const hits = await search(ada, "北京");
    expect(hits.map((hit) => hit.session_id)).toContain(chinese);
    expect(hits.map((hit) => hit.session_id)).not.toContain(scattered);
    const hit = hits.find((candidate) => candidate.session_id === chinese) as SearchHit;
    expect(hit.snippet).toBe("我喜欢北京的秋天");
    expect(hit.highlights.map(([start, end]) => hit.snippet.slice(start, end))).toEqual(["北京"]);
    expect((await search(ada, "秋天 北京")).map((found) => found.session_id)).toContain(chinese);
    expect((await search(ada, "秋天北京")).map((found) => found.session_id)).not.toContain(chinese);
    expect((await search(ada, "タワー")).map((found) => found.session_id)).toEqual([japanese]);

    await ada.fetch(`/api/sessions/${scattered}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "京剧观后感" }),
    });
    const byTitle = await search(ada, "观后");
    expect(byTitle[0]).toMatchObject({ session_id: scattered, title: "京剧观后感", message_id: null });
    expect(byTitle[0]?.highlights.map(([start, end]) => byTitle[0]?.snippet.slice(start, end))).toEqual([
      "观后",
    ]);
  });

  it("indexes a streamed reply once it is complete, checkpoints and all, keeping the index sound", async () => {
    const sessionId = await chat(ada, "tell me about the quagga and its stripes one two three [[delay:150]]");
    const indexedReplies =
      provider === "sqlite"
        ? `SELECT m."id" FROM "messages_fts" JOIN "messages" m ON m."rowid" = "messages_fts"."rowid"
           WHERE "messages_fts" MATCH 'quagga' AND m."role" = 'assistant' AND m."conversation_id" = $1`
        : `SELECT "id" FROM "messages" WHERE "search" @@ quote_literal('~' || "user_id" || ':quagga')::tsquery AND "role" = 'assistant' AND "conversation_id" = $1`;
    const [reply] = await query<{ id: string; status: string }>(
      databaseUrl,
      `SELECT "id", "status" FROM "messages" WHERE "conversation_id" = $1 AND "role" = 'assistant'`,
      [sessionId],
    );
    expect(reply?.status).toBe("complete");
    // On SQLite the reply enters the index within a second, and before any search.
    expect((await search(ada, "quagga")).map((hit) => hit.session_id)).toContain(sessionId);
    expect(await query(databaseUrl, indexedReplies, [sessionId])).toEqual([{ id: reply?.id }]);
    if (provider === "sqlite") {
      // FTS5 checks that its index holds exactly what the triggers should have put there.
      await query(databaseUrl, `INSERT INTO "messages_fts" ("messages_fts") VALUES ('integrity-check')`);
    }
  });

  it("finds titles and summaries, and every word must match", async () => {
    const sessionId = await chat(ada, "Notes on sourdough hydration levels");
    await ada.fetch(`/api/sessions/${sessionId}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Bread baking journal" }),
    });
    const byTitle = await search(ada, "journal");
    expect(byTitle[0]).toMatchObject({ session_id: sessionId, title: "Bread baking journal" });
    expect((await search(ada, "sourdough hydration")).map((hit) => hit.session_id)).toContain(sessionId);
    expect((await search(ada, "sourdough zeppelin")).map((hit) => hit.session_id)).not.toContain(sessionId);
  });

  it("never shows another user's conversations", async () => {
    const secret = await chat(babbage, "Babbage's secret xylophonic ciphers");
    expect((await search(babbage, "xylophon")).map((hit) => hit.session_id)).toEqual([secret]);
    expect(await search(ada, "xylophon")).toEqual([]);
  });

  it("refuses an empty query and needs a login", async () => {
    expect((await ada.fetch("/api/search?q=")).status).toBe(400);
    expect((await ada.fetch("/api/search?q=%20!!%20")).status).toBe(400);
    expect((await ada.fetch("/api/search")).status).toBe(400);
    expect((await fetch(`${appUrl}/api/search?q=word`)).status).toBe(401);
    expect((await ada.fetch(`/api/search?q=${"a".repeat(600)}`)).status).toBe(400);
  });

  it("treats FTS syntax in the query as plain words", async () => {
    for (const q of [
      '"unbalanced',
      "NEAR(a b)",
      "a* OR b",
      "col:value",
      "^start",
      "-minus",
      "a & b | !c",
      "x'); DROP TABLE messages; --",
    ]) {
      const response = await ada.fetch(`/api/search?q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
    }
  });
});

describe("rename and delete", () => {
  it("renames: the title is returned by /api/sessions and GET /api/sessions/<id>, and null clears it", async () => {
    const sessionId = await chat(ada, "Rename me please");
    const rename = (title: string | null) =>
      ada.fetch(`/api/sessions/${sessionId}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title }),
      });
    const renamed = await rename("  My renamed chat  ");
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ session_id: sessionId, title: "My renamed chat" });
    const sessions = (await (await ada.fetch("/api/sessions")).json()) as Session[];
    expect(sessions.find((session) => session.session_id === sessionId)?.title).toBe("My renamed chat");
    expect(await (await ada.fetch(`/api/sessions/${sessionId}`)).json()).toMatchObject({
      title: "My renamed chat",
    });
    expect(await (await rename(null)).json()).toMatchObject({ title: null, summary: "Rename please" });
    expect((await rename("x".repeat(201))).status).toBe(400);
  });

  it("deletes the conversation, its messages and its search entries", async () => {
    const sessionId = await chat(ada, "Quixotic zebras juggling", "more about quixotic zebras");
    expect((await search(ada, "quixotic")).map((hit) => hit.session_id)).toContain(sessionId);
    const response = await ada.fetch(`/api/sessions/${sessionId}`, { method: "DELETE" });
    expect(response.status).toBe(204);
    expect(await messagesOf(databaseUrl, sessionId)).toEqual([]);
    expect(await query(databaseUrl, `SELECT "id" FROM "conversations" WHERE "id" = $1`, [sessionId])).toEqual(
      [],
    );
    expect((await search(ada, "quixotic")).map((hit) => hit.session_id)).not.toContain(sessionId);
    expect((await ada.fetch(`/api/sessions/${sessionId}`)).status).toBe(404);
    expect((await ada.fetch(`/api/sessions/${sessionId}`, { method: "DELETE" })).status).toBe(404);
  });

  it("another user can neither rename, delete, read nor export a conversation", async () => {
    const sessionId = await chat(ada, "Ada's own conversation");
    const before = await messagesOf(databaseUrl, sessionId);
    const patch = await babbage.fetch(`/api/sessions/${sessionId}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "stolen" }),
    });
    expect(patch.status).toBe(404);
    expect((await babbage.fetch(`/api/sessions/${sessionId}`, { method: "DELETE" })).status).toBe(404);
    expect((await babbage.fetch(`/api/sessions/${sessionId}`)).status).toBe(404);
    expect((await babbage.fetch(`/api/sessions/${sessionId}/export?format=json`)).status).toBe(404);
    expect((await babbage.fetch(`/api/sessions/${sessionId}/export?format=md`)).status).toBe(404);
    expect(await messagesOf(databaseUrl, sessionId)).toEqual(before);
    expect(await (await ada.fetch(`/api/sessions/${sessionId}`)).json()).toMatchObject({ title: null });
    const cross = await ada.fetch(`/api/sessions/${sessionId}`, {
      method: "DELETE",
      headers: { origin: "https://evil.example" },
    });
    expect(cross.status).toBe(403);
  });
});

describe("paging", () => {
  it("GET /api/sessions pages with limit and the X-Next-Cursor header, keeping its array shape", async () => {
    const client = await loggedInClient(appUrl, LAMARR.username, LAMARR.password);
    for (let i = 0; i < 5; i++) await chat(client, `Paging conversation number ${i}`);
    const all = (await (await client.fetch("/api/sessions?limit=200")).json()) as Session[];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response: Response = await client.fetch(
        `/api/sessions?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      const page = (await response.json()) as Session[];
      expect(Array.isArray(page)).toBe(true);
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page.map((session) => session.session_id));
      cursor = response.headers.get("x-next-cursor");
    } while (cursor);
    expect(seen).toEqual(all.map((session) => session.session_id));
    expect((await client.fetch("/api/sessions?cursor=garbage")).status).toBe(400);
    expect((await client.fetch("/api/sessions?limit=0")).status).toBe(400);
  });

  it("GET /api/sessions/<id> gives the newest page first and a cursor for older messages", async () => {
    const sessionId = await chat(ada, "one", "two", "three");
    const first = await ada.fetch(`/api/sessions/${sessionId}?limit=2`);
    const page = (await first.json()) as { messages: { content: string }[]; next_cursor: string };
    expect(page.messages.map((message) => message.content)).toEqual([
      "three",
      expect.stringContaining("three"),
    ]);
    expect(first.headers.get("x-next-cursor")).toBe(page.next_cursor);
    const older = (await (
      await ada.fetch(`/api/sessions/${sessionId}?limit=10&cursor=${page.next_cursor}`)
    ).json()) as {
      messages: { content: string }[];
      next_cursor: string | null;
    };
    expect(older.messages.map((message) => message.content)).toEqual([
      "one",
      expect.stringContaining("one"),
      "two",
      expect.stringContaining("two"),
    ]);
    expect(older.next_cursor).toBeNull();
  });
});

describe("export and import", () => {
  it("exports one conversation as Markdown and JSON", async () => {
    const sessionId = await chat(ada, "Export **this** please");
    const md = await ada.fetch(`/api/sessions/${sessionId}/export?format=md`);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    expect(md.headers.get("content-disposition")).toContain("attachment");
    const text = await md.text();
    expect(text).toContain("## You");
    expect(text).toContain("Export **this** please");
    const json = (await (await ada.fetch(`/api/sessions/${sessionId}/export?format=json`)).json()) as {
      conversations: { session_id: string; messages: unknown[] }[];
    };
    expect(json.conversations[0]).toMatchObject({ session_id: sessionId });
    expect(json.conversations[0]?.messages).toHaveLength(2);
    expect((await ada.fetch(`/api/sessions/${sessionId}/export?format=pdf`)).status).toBe(400);
  });

  it("round-trips every conversation through export and import without losing anything", async () => {
    const hopper = await loggedInClient(appUrl, HOPPER.username, HOPPER.password);
    await chat(hopper, "Round trip with unicode: ünïcödé 🚀", "and a second turn");
    const failing = await hopper.newSession();
    await hopper.postJson("/api", { data: "A second conversation [[status:500]]", session_id: failing });
    const exported = await (await hopper.fetch("/api/export")).text();
    const file = JSON.parse(exported) as {
      conversations: { session_id: string; messages: { status: string }[] }[];
    };
    expect(file.conversations).toHaveLength(2);
    expect(file.conversations.flatMap((c) => c.messages.map((m) => m.status))).toContain("error");

    // Into an emptied account: everything comes back as it was, ids included.
    for (const conversation of file.conversations) {
      expect(
        (await hopper.fetch(`/api/sessions/${conversation.session_id}`, { method: "DELETE" })).status,
      ).toBe(204);
    }
    const imported = await hopper.postJson("/api/import", exported);
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ imported: 2 });
    const again = JSON.parse(await (await hopper.fetch("/api/export")).text()) as typeof file;
    expect(again.conversations).toEqual(file.conversations);
    expect((await search(hopper, "unicode")).length).toBe(1);

    // Into another account the ids are taken: the copies get new ones, and the original stays its owner's.
    const copy = await babbage.postJson("/api/import", exported);
    const copied = (await copy.json()) as { session_ids: string[] };
    expect(copied.session_ids).toHaveLength(2);
    expect(copied.session_ids.some((id) => file.conversations.some((c) => c.session_id === id))).toBe(false);
    expect((await hopper.fetch(`/api/sessions/${file.conversations[0]?.session_id}`)).status).toBe(200);
  });

  it("refuses a file that is not an export", async () => {
    expect((await ada.postJson("/api/import", { conversations: [] })).status).toBe(400);
    expect((await ada.postJson("/api/import", "not json")).status).toBe(400);
    expect(
      (await ada.postJson("/api/import", { format: "chat-history-export", version: 1, conversations: "x" }))
        .status,
    ).toBe(400);
    expect((await babbage.postJson("/api/import", {}, { origin: "https://evil.example" })).status).toBe(403);
  });
});
