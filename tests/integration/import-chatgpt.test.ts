// Importing ChatGPT's data export: conversations.json alone, or the ZIP it is mailed in (the older
// one file, the newer split into conversations-NNN.json), every branch kept and the one last seen
// active, the nodes a reader never saw left out; the same export twice adds nothing; a ZIP bomb and
// malformed files import nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { branchedConversation, simpleConversation } from "../fixtures/chatgpt-export";
import { type Client, loggedInClient } from "../fixtures/http-client";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../fixtures/users";
import { zipOf } from "../fixtures/zip";

const HOPPER = { username: "hopper", password: "cobol-compiler-1959" };
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

let database: TestDatabase;
let app: AppServer;
let ada: Client;
let babbage: Client;
let hopper: Client;

type Message = {
  id: string;
  role: string;
  content: string;
  model: string | null;
  sibling_ids: string[];
  timestamp: string;
};
type Listed = { session_id: string; title: string | null; created_at: string };

beforeAll(async () => {
  database = await createTestDatabase();
  for (const user of [ADA, BABBAGE, HOPPER]) await createUser(user, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: database.url, MAX_IMPORT_BYTES: String(MAX_IMPORT_BYTES) });
  ada = await loggedInClient(app.url, ADA.username, ADA.password);
  babbage = await loggedInClient(app.url, BABBAGE.username, BABBAGE.password);
  hopper = await loggedInClient(app.url, HOPPER.username, HOPPER.password);
});

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

function importJson(client: Client, body: unknown) {
  return client.postJson("/api/import", typeof body === "string" ? body : JSON.stringify(body));
}

function importZip(client: Client, zip: Buffer) {
  return client.fetch("/api/import", {
    method: "POST",
    headers: { "content-type": "application/zip" },
    body: new Uint8Array(zip),
  });
}

async function shown(client: Client, sessionId: string) {
  return ((await (await client.fetch(`/api/sessions/${sessionId}`)).json()) as { messages: Message[] })
    .messages;
}

async function listed(client: Client): Promise<Listed[]> {
  return (await (await client.fetch("/api/sessions")).json()) as Listed[];
}

describe("conversations.json", () => {
  it("keeps every branch, the last seen active, and leaves out hidden, system and tool nodes", async () => {
    const response = await importJson(ada, [branchedConversation()]);
    expect(response.status).toBe(200);
    const result = (await response.json()) as { imported: number; skipped: number; session_ids: string[] };
    expect(result).toMatchObject({ imported: 1, skipped: 0 });
    const [sessionId] = result.session_ids;
    const [entry] = (await listed(ada)).filter((c) => c.session_id === sessionId);
    expect(entry?.title).toBe("Trip planning");
    expect(entry?.created_at).toBe("2026-01-01T00:00:00.000Z");

    const active = await shown(ada, sessionId as string);
    expect(active.map((message) => [message.role, message.content])).toEqual([
      ["user", "Plan a trip to Rome"],
      ["assistant", "Rome: see the Forum first."],
      ["user", "[An image was attached here in ChatGPT.]\n\nWhat is this building?"],
      ["assistant", "The Pantheon."],
    ]);
    expect(active[1]?.model).toBe("gpt-4o");
    expect(active[0]?.timestamp).toBe("2026-01-01T00:00:30.000Z");
    // The question asked first is the other version of the first message, with its own answer.
    expect(active[0]?.sibling_ids).toHaveLength(2);
    const first = active[0]?.sibling_ids[0];
    const other = (await (
      await ada.postJson(`/api/sessions/${sessionId}/branch`, { message_id: first })
    ).json()) as { messages: Message[] };
    expect(other.messages.map((message) => message.content)).toEqual(["Plan a trip", "Where to?"]);
  });

  it("importing the same export again adds nothing", async () => {
    const file = [simpleConversation("conv-once", "Once only?", "Yes.")];
    expect(await (await importJson(babbage, file)).json()).toMatchObject({ imported: 1, skipped: 0 });
    expect(await (await importJson(babbage, file)).json()).toEqual({
      imported: 0,
      skipped: 1,
      session_ids: [],
    });
    expect((await listed(babbage)).filter((c) => c.title === "Once only?")).toHaveLength(1);
  });
});

describe("the ZIP ChatGPT mails", () => {
  it("the newer one, split into conversations-000.json and on, and the older one file", async () => {
    const split = zipOf([
      { name: "chat.html", data: "<html></html>" },
      { name: "conversations-000.json", data: JSON.stringify([branchedConversation("conv-a")]) },
      {
        name: "conversations-001.json",
        data: JSON.stringify([simpleConversation("conv-b", "Second file?", "Here.")]),
      },
      { name: "export_manifest.json", data: "{}" },
      { name: "user.json", data: "{}" },
    ]);
    const response = await importZip(hopper, split);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ imported: 2, skipped: 0 });
    expect((await listed(hopper)).map((c) => c.title).sort()).toEqual(["Second file?", "Trip planning"]);

    // Again: nothing new. Then the older form, with one conversation more.
    expect(await (await importZip(hopper, split)).json()).toMatchObject({ imported: 0, skipped: 2 });
    const older = zipOf([
      {
        name: "conversations.json",
        data: JSON.stringify([
          simpleConversation("conv-b", "Second file?", "Here."),
          simpleConversation("conv-c", "Old form?", "Yes."),
        ]),
      },
    ]);
    expect(await (await importZip(hopper, older)).json()).toMatchObject({ imported: 1, skipped: 1 });
  });

  it("a ZIP that would expand past MAX_IMPORT_BYTES × 10 is refused before it is expanded", async () => {
    const before = (await listed(babbage)).length;
    const bomb = zipOf([{ name: "conversations.json", data: Buffer.alloc(MAX_IMPORT_BYTES * 10 + 1, 0x20) }]);
    expect(bomb.length).toBeLessThan(MAX_IMPORT_BYTES);
    const response = await importZip(babbage, bomb);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toMatch(/would expand to more than 50 MiB/);
    expect((await listed(babbage)).length).toBe(before);
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
  });

  it("a ZIP with no conversations in it says so", async () => {
    const response = await importZip(babbage, zipOf([{ name: "notes.txt", data: "hello" }]));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/no conversations\.json/);
  });
});

describe("a malformed export imports nothing", () => {
  const good = simpleConversation("conv-good", "Imported before the fault?", "It must not be.");
  const withMapping = (mapping: unknown) => ({ ...simpleConversation("conv-bad", "Bad", "Bad"), mapping });
  const cases: [string, unknown, RegExp][] = [
    ["JSON cut short", `[${JSON.stringify(good)}, {"title": "cut`, /not valid JSON/],
    [
      "bad JSON deep inside a mapping",
      `[${JSON.stringify(good)}, {"mapping": {"a": {"parent": nul}}}]`,
      /not valid JSON/,
    ],
    ["a list of something else", [good, 42], /conversations\.json\[1\]/],
    ["a mapping that is not an object", [good, withMapping([1, 2])], /conversations\.json\[1\]: mapping/],
    [
      "a parent that does not exist",
      [good, withMapping({ a: { id: "a", parent: "ghost", children: [], message: null } })],
      /ghost is not a node/,
    ],
    [
      "a cycle",
      [
        good,
        withMapping({
          a: { id: "a", parent: "b", children: ["b"], message: null },
          b: { id: "b", parent: "a", children: ["a"], message: null },
        }),
      ],
      /cycle/,
    ],
  ];
  for (const [name, body, message] of cases) {
    it(name, async () => {
      const response = await importJson(ada, body);
      expect(response.status).toBe(400);
      const error = (await response.json()) as { error: string; code: string };
      expect(error.code).toBe("bad_request:import");
      expect(error.error).toMatch(message);
      expect((await listed(ada)).some((c) => c.title === "Imported before the fault?")).toBe(false);
    });
  }
});
