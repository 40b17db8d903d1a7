import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { query } from "../fixtures/db-query";
import { Client, createApiToken, loggedInClient, TokenClient } from "../fixtures/http-client";
import { API_ROUTES, type AppRoute, declaredRoutes, PAGES, pathOf } from "../fixtures/routes";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { createUser } from "../fixtures/users";

// An app of its own: one of its users is disabled. Every route and page is tried by someone who
// must not get through; the owner's data is compared before and after.
const ROOT = { username: "root", password: "root-password-1" };
const OLIVE = { username: "olive", password: "olive-password-1" };
const IVAN = { username: "ivan", password: "ivan-password-12" };
const DORA = { username: "dora", password: "dora-password-12" };

let database: TestDatabase;
let app: AppServer;
let root: Client;
let olive: Client;
let ivan: Client;
let dora: Client;
const tokens: Record<"olive" | "ivan" | "dora", string> = { olive: "", ivan: "", dora: "" };
const ids = {
  conversation: "",
  token: "",
  user: "",
  preset: "",
  file: "",
  folder: "",
  share: "",
  connection: "env",
  model: "gpt-4o-mini",
};

function bearer(token: string): Client {
  return new TokenClient(app.url, token);
}

function send(client: Client, route: AppRoute, headers: Record<string, string> = {}): Promise<Response> {
  const path = pathOf(route.pattern, ids);
  const body =
    route.pattern === "/api" ? { ...(route.body as object), session_id: ids.conversation } : route.body;
  return client.fetch(path, {
    method: route.method,
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Everything of Olive's, and every user's role and state: what no attempt may change. */
async function protectedData(): Promise<string> {
  const rows = await Promise.all([
    query(
      database.url,
      `SELECT c."id", c."title", c."summary", c."folder_id", c."pinned", c."archived", m."id" AS message_id,
              m."content", m."status"
       FROM "conversations" c LEFT JOIN "messages" m ON m."conversation_id" = c."id"
       WHERE c."user_id" = $1 ORDER BY c."id", m."id"`,
      [ids.user],
    ),
    query(
      database.url,
      `SELECT "id", "name", "system_prompt", "model", "shared" FROM "presets" WHERE "user_id" = $1 ORDER BY "id"`,
      [ids.user],
    ),
    query(database.url, `SELECT "id", "enabled", "name", "is_default" FROM "model_settings" ORDER BY "id"`),
    query(
      database.url,
      `SELECT "id", "name", "parent_id", "system_prompt" FROM "folders" WHERE "user_id" = $1 ORDER BY "id"`,
      [ids.user],
    ),
    query(
      database.url,
      `SELECT "id", "leaf_id", "expires_at" FROM "shares" WHERE "user_id" = $1 ORDER BY "id"`,
      [ids.user],
    ),
    query(
      database.url,
      `SELECT "id", "sha256", "name", "size" FROM "files" WHERE "user_id" = $1 ORDER BY "id"`,
      [ids.user],
    ),
    query(database.url, `SELECT "id", "name", "base_url", "enabled" FROM "connections" ORDER BY "id"`),
    query(database.url, `SELECT "id", "name", "expires_at" FROM "api_tokens" WHERE "user_id" = $1`, [
      ids.user,
    ]),
    query(
      database.url,
      `SELECT "username", "role", "disabled_at", "password_hash" FROM "users" ORDER BY "username"`,
    ),
  ]);
  return JSON.stringify(rows);
}

let before: string;

beforeAll(async () => {
  database = await createTestDatabase();
  for (const user of [ROOT, OLIVE, IVAN, DORA]) await createUser(user, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
    LOGIN_MAX_FAILURES: "1000",
  });
  root = await loggedInClient(app.url, ROOT.username, ROOT.password);
  olive = await loggedInClient(app.url, OLIVE.username, OLIVE.password);
  ivan = await loggedInClient(app.url, IVAN.username, IVAN.password);
  dora = await loggedInClient(app.url, DORA.username, DORA.password);

  const imported = await olive.postJson("/api/import", {
    format: "chat-history-export",
    version: 1,
    conversations: [
      {
        title: "Olive's private plans",
        created_at: "2026-01-01T10:00:00.000Z",
        updated_at: "2026-01-01T10:01:00.000Z",
        messages: [
          { role: "user", content: "my secret notes", timestamp: "2026-01-01T10:00:00.000Z" },
          { role: "assistant", content: "kept safe", timestamp: "2026-01-01T10:01:00.000Z" },
        ],
      },
    ],
  });
  expect(imported.status).toBe(200);
  const [conversation] = (await (await olive.fetch("/api/sessions")).json()) as { session_id: string }[];
  ids.conversation = conversation?.session_id as string;
  const oliveToken = await createApiToken(olive, "matrix");
  ids.token = oliveToken.id;
  tokens.olive = oliveToken.token;
  tokens.ivan = (await createApiToken(ivan, "matrix")).token;
  tokens.dora = (await createApiToken(dora, "matrix")).token;
  const users = (await (await root.fetch("/api/admin/users")).json()) as { id: string; username: string }[];
  ids.user = users.find((user) => user.username === OLIVE.username)?.id as string;
  const preset = await olive.postJson("/api/presets", {
    name: "Olive's voice",
    system_prompt: "my secret notes",
  });
  expect(preset.status).toBe(201);
  ids.preset = ((await preset.json()) as { id: string }).id;
  const form = new FormData();
  form.set("file", new Blob(["my secret notes, as a file"], { type: "text/plain" }), "notes.txt");
  const file = await olive.fetch("/api/files", { method: "POST", body: form });
  expect(file.status).toBe(201);
  ids.file = ((await file.json()) as { id: string }).id;
  const folder = await olive.postJson("/api/folders", {
    name: "Olive's plans",
    system_prompt: "my secret notes",
  });
  expect(folder.status).toBe(201);
  ids.folder = ((await folder.json()) as { id: string }).id;
  const share = await olive.postJson(`/api/sessions/${ids.conversation}/shares`, {});
  expect(share.status).toBe(201);
  ids.share = ((await share.json()) as { id: string }).id;

  // Dora's cookie and token work until an administrator disables her.
  expect((await dora.fetch("/api/sessions")).status).toBe(200);
  expect((await bearer(tokens.dora).fetch("/api/sessions")).status).toBe(200);
  const doraId = users.find((user) => user.username === DORA.username)?.id as string;
  const disabled = await root.fetch(`/api/admin/users/${doraId}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ disabled: true }),
  });
  expect(disabled.status).toBe(200);
  before = await protectedData();
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

describe("the matrix covers the whole app", () => {
  it("lists every route handler and page under app/", () => {
    const declared = declaredRoutes();
    const listed = API_ROUTES.map((route) => `${route.method} ${route.pattern.split("?")[0]}`);
    expect([...new Set(listed)].sort()).toEqual(declared.handlers);
    expect(PAGES.map((page) => page.pattern).sort()).toEqual(declared.pages);
  });
});

const guarded = API_ROUTES.filter((route) => route.guard !== "public");
const name = (route: AppRoute) => `${route.method} ${route.pattern}`;

describe("no session or token: 401", () => {
  it.each(guarded.map((route) => [name(route), route] as const))("%s", async (_, route) => {
    const response = await send(new Client(app.url), route);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toMatch(/log in/i);
  });
});

describe("a disabled user's cookie and token: 401", () => {
  it.each(guarded.map((route) => [name(route), route] as const))("%s", async (_, route) => {
    expect((await send(dora, route)).status).toBe(401);
    expect((await send(bearer(tokens.dora), route)).status).toBe(401);
  });
});

describe("a plain user on admin routes: 403, by cookie or token", () => {
  const admin = API_ROUTES.filter((route) => route.guard === "admin");
  it.each(admin.map((route) => [name(route), route] as const))("%s", async (_, route) => {
    expect((await send(ivan, route)).status).toBe(403);
    expect((await send(bearer(tokens.ivan), route)).status).toBe(403);
  });
});

describe("another user's conversation, token, preset, file, folder or share link: 404", () => {
  const owned = API_ROUTES.filter((route) =>
    ["conversation", "token", "preset", "file", "folder", "share"].includes(route.owned ?? ""),
  );
  it.each(owned.map((route) => [name(route), route] as const))("%s", async (_, route) => {
    const response = await send(ivan, route);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/secret notes|private plans/);
    // A token may not manage tokens at all; on conversations it has exactly its owner's rights.
    expect((await send(bearer(tokens.ivan), route)).status).toBe(route.guard === "login" ? 403 : 404);
  });
});

describe("an API token on routes for a login session only: 403", () => {
  const loginOnly = API_ROUTES.filter((route) => route.guard === "login" && !route.owned);
  it.each(loginOnly.map((route) => [name(route), route] as const))("%s", async (_, route) => {
    expect((await send(bearer(tokens.ivan), route)).status).toBe(403);
  });
});

describe("a state-changing request from another site: 403, with the victim's own cookie", () => {
  const changing = API_ROUTES.filter((route) => route.method !== "GET");
  const crossSite = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
  it.each(changing.map((route) => [name(route), route] as const))("%s", async (_, route) => {
    const victim = route.guard === "admin" ? root : olive;
    expect((await send(victim, route, crossSite)).status).toBe(403);
    expect((await send(victim, route, { origin: "https://evil.example" })).status).toBe(403);
  });

  it("a login form posted from another site does not log anyone in", async () => {
    const client = new Client(app.url);
    const { csrfToken } = (await (await client.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await client.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...crossSite },
      body: new URLSearchParams({ username: IVAN.username, password: IVAN.password, csrfToken }),
    });
    expect(response.status).toBe(403);
    expect(client.loggedIn).toBe(false);
    expect((await client.fetch("/api/sessions")).status).toBe(401);
  });
});

describe("pages", () => {
  const guardedPages = PAGES.filter((page) => page.guard !== "public");
  it.each(guardedPages.map((page) => [page.pattern, page] as const))(
    "%s redirects to the login page without a session, or with a disabled user's",
    async (_, page) => {
      for (const client of [new Client(app.url), dora]) {
        const response = await client.fetch(pathOf(page.pattern, ids));
        expect(response.status).toBe(307);
        expect(new URL(response.headers.get("location") as string, app.url).pathname).toBe("/");
      }
    },
  );

  it("another user's conversation is a 404 page without its content", async () => {
    const response = await ivan.fetch(pathOf("/interact_history/[session_id]", ids));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/secret notes|private plans/);
  });

  it("the admin page is 403 for a plain user", async () => {
    const response = await ivan.fetch("/admin");
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("This page is for administrators.");
  });
});

describe("after every attempt", () => {
  it("the owner's data, every role and every password are unchanged, and the owner still gets in", async () => {
    expect(await protectedData()).toBe(before);
    const own = await olive.fetch(pathOf("/api/sessions/[session_id]", ids));
    expect(own.status).toBe(200);
    expect(await own.text()).toContain("my secret notes");
    expect((await bearer(tokens.olive).fetch(pathOf("/api/sessions/[session_id]", ids))).status).toBe(200);
    expect((await olive.fetch(pathOf("/interact_history/[session_id]", ids))).status).toBe(200);
  });
});
