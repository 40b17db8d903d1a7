// Share links: a snapshot of a conversation, read by the instance's users (by anyone only when
// public and the instance allows it), expiring, revocable, and opening nothing else: not the API,
// not the conversation's later messages, not its other files.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { query } from "../fixtures/db-query";
import { makePng, uploaded } from "../fixtures/files";
import { Client, loggedInClient } from "../fixtures/http-client";
import { type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../fixtures/users";

let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;
let ada: Client;
let babbage: Client;

type Share = { id: string; url: string; created_at: string; expires_at: string; public: boolean };

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI({ models: ["mock", "mock-vision"] });
  await createUser(ADA, { DATABASE_URL: database.url });
  await createUser(BABBAGE, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: database.url, OPENAI_BASE_URL: mock.baseURL, OPENAI_MODEL: "mock" });
  ada = await loggedInClient(app.url, ADA.username, ADA.password);
  babbage = await loggedInClient(app.url, BABBAGE.username, BABBAGE.password);
  expect((await ada.patchJson("/api/admin/models/mock-vision", { vision: true })).status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

async function conversation(client: Client, text: string): Promise<string> {
  const sessionId = await client.newSession();
  expect((await client.postJson("/api", { data: text, session_id: sessionId })).status).toBe(200);
  return sessionId;
}

async function share(client: Client, sessionId: string, body: unknown = {}): Promise<Share> {
  const response = await client.postJson(`/api/sessions/${sessionId}/shares`, body);
  expect(response.status).toBe(201);
  return (await response.json()) as Share;
}

const pathOf = (url: string) => new URL(url).pathname;

describe("a share link", () => {
  it("shows the conversation as it was to another user, and nothing added after", async () => {
    const sessionId = await conversation(ada, "The lighthouse keeper's log");
    const link = await share(ada, sessionId);
    expect(link.url).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(link.expires_at) - Date.parse(link.created_at)).toBe(30 * 86_400_000);
    await ada.postJson("/api", { data: "A later secret note", session_id: sessionId });

    const page = await babbage.fetch(pathOf(link.url));
    expect(page.status).toBe(200);
    expect(page.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self' 'nonce-");
    const html = await page.text();
    expect(html).toContain("The lighthouse keeper&#x27;s log");
    expect(html).toContain('name="robots" content="noindex, nofollow"');
    expect(html).not.toContain("A later secret note");
    // Who shared it is not said unless they chose to say it.
    expect(html).not.toContain("Shared by");
    // The owner may choose to show who shared it.
    const signed = await share(ada, sessionId, { show_owner: true });
    expect(await (await babbage.fetch(pathOf(signed.url))).text()).toContain(`Shared by ${ADA.username}`);
  });

  it("sends a logged-out visitor to log in; public links open for anyone only when the instance allows them", async () => {
    const sessionId = await conversation(ada, "Private by default");
    const link = await share(ada, sessionId);
    const visitor = await new Client(app.url).fetch(pathOf(link.url), { redirect: "manual" });
    expect(visitor.status).toBe(307);
    expect(visitor.headers.get("location")).toContain(`/?next=${encodeURIComponent(pathOf(link.url))}`);
    const refused = await ada.postJson(`/api/sessions/${sessionId}/shares`, { public: true });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toMatch(/ALLOW_PUBLIC_SHARES/);

    const open = await startApp({ ...app.env, ALLOW_PUBLIC_SHARES: "true" });
    try {
      const owner = await loggedInClient(open.url, ADA.username, ADA.password);
      const publicLink = (await (
        await owner.postJson(`/api/sessions/${sessionId}/shares`, { public: true })
      ).json()) as Share;
      expect(publicLink.public).toBe(true);
      const anyone = await new Client(open.url).fetch(pathOf(publicLink.url));
      expect(anyone.status).toBe(200);
      expect(await anyone.text()).toContain("Private by default");
      // A link that is not public still asks a visitor to log in there.
      expect((await new Client(open.url).fetch(pathOf(link.url), { redirect: "manual" })).status).toBe(307);
    } finally {
      await open.stop();
    }
  });

  it("is revoked at once, expires, and goes with its conversation: then 404", async () => {
    const sessionId = await conversation(ada, "Short-lived");
    const revoked = await share(ada, sessionId);
    expect((await babbage.fetch(`/api/shares/${revoked.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await ada.fetch(`/api/shares/${revoked.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await babbage.fetch(pathOf(revoked.url))).status).toBe(404);

    // The clock is the database's: the link's end is moved to a second ago.
    const expiring = await share(ada, sessionId, { expires_in_days: 1 });
    expect((await babbage.fetch(pathOf(expiring.url))).status).toBe(200);
    const past = new Date(Date.now() - 1000);
    await query(database.url, `UPDATE "shares" SET "expires_at" = $1 WHERE "id" = $2`, [
      database.url.startsWith("file:") ? past.toISOString().replace("Z", "+00:00") : past,
      expiring.id,
    ]);
    expect((await babbage.fetch(pathOf(expiring.url))).status).toBe(404);

    const kept = await share(ada, sessionId);
    expect((await ada.fetch(`/api/sessions/${sessionId}`, { method: "DELETE" })).status).toBe(204);
    expect((await babbage.fetch(pathOf(kept.url))).status).toBe(404);
    // Creating and revoking are in the audit log.
    const audit = (await (await ada.fetch("/api/admin/audit")).json()) as { action: string }[];
    expect(audit.map((event) => event.action)).toEqual(
      expect.arrayContaining(["share.create", "share.revoke"]),
    );
  });

  it("lists a conversation's links without their secrets, for its owner only", async () => {
    const sessionId = await conversation(ada, "Listed links");
    const link = await share(ada, sessionId, { expires_in_days: 7 });
    const listed = (await (await ada.fetch(`/api/sessions/${sessionId}/shares`)).json()) as Record<
      string,
      unknown
    >[];
    expect(listed).toEqual([
      {
        id: link.id,
        created_at: link.created_at,
        expires_at: link.expires_at,
        public: false,
        show_owner: false,
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(link.url.split("/").at(-1));
    expect((await babbage.fetch(`/api/sessions/${sessionId}/shares`)).status).toBe(404);
    expect((await babbage.postJson(`/api/sessions/${sessionId}/shares`, {})).status).toBe(404);
    for (const days of [0, 366, 1.5]) {
      expect(
        (await ada.postJson(`/api/sessions/${sessionId}/shares`, { expires_in_days: days })).status,
      ).toBe(400);
    }
  });
});

describe("what a link opens", () => {
  it("its token works on no API route, and a guessed token finds nothing", async () => {
    const sessionId = await conversation(ada, "Nothing but the page");
    const link = await share(ada, sessionId);
    const token = link.url.split("/").at(-1) as string;
    for (const path of ["/api/sessions", `/api/sessions/${sessionId}`, "/api/export"]) {
      const response = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
    }
    const guessed = `${token.slice(0, -4)}${token.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    expect((await babbage.fetch(`/share/${guessed}`)).status).toBe(404);
    expect((await babbage.fetch("/share/x")).status).toBe(404);
  });

  it("serves the shared messages' files through the link, and no other file", async () => {
    const picture = await uploaded(ada, await makePng(30, 20), "harbour.png");
    const other = await uploaded(ada, "Not shared at all", "other.txt");
    const sessionId = await ada.newSession();
    await ada.postJson("/api", {
      data: "Look",
      session_id: sessionId,
      model: "mock-vision",
      attachments: [picture.id],
    });
    const link = await share(ada, sessionId);
    const base = `${pathOf(link.url)}/files`;
    const html = await (await babbage.fetch(pathOf(link.url))).text();
    expect(html).toContain(`${base}/${picture.id}?thumb=1`);
    const served = await babbage.fetch(`${base}/${picture.id}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("cache-control")).toContain("no-store");
    expect((await babbage.fetch(`${base}/${other.id}`)).status).toBe(404);
    expect((await babbage.fetch(`/api/files/${picture.id}`)).status).toBe(404);
    expect((await new Client(app.url).fetch(`${base}/${picture.id}`)).status).toBe(404);
  });

  it("Continue this conversation copies it into the viewer's own, files and all", async () => {
    const picture = await uploaded(ada, await makePng(31, 21), "dock.png");
    const sessionId = await ada.newSession();
    await ada.postJson("/api", {
      data: "Continue from here",
      session_id: sessionId,
      model: "mock-vision",
      attachments: [picture.id],
    });
    const link = await share(ada, sessionId);
    const copied = await babbage.fetch(`${pathOf(link.url)}/continue`, {
      method: "POST",
      redirect: "manual",
    });
    expect(copied.status).toBe(303);
    const copyId = copied.headers.get("location")?.split("/").at(-1) as string;
    const copy = (await (await babbage.fetch(`/api/sessions/${copyId}`)).json()) as {
      messages: { content: string; attachments: { id: string }[] }[];
    };
    expect(copy.messages.map((message) => message.content)[0]).toBe("Continue from here");
    const file = copy.messages[0]?.attachments[0];
    expect(file?.id).not.toBe(picture.id);
    expect((await babbage.fetch(`/api/files/${file?.id}`)).status).toBe(200);
    // The original is still Ada's alone.
    expect((await babbage.fetch(`/api/sessions/${sessionId}`)).status).toBe(404);
  });
});
