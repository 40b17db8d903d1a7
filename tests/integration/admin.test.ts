import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { query } from "../fixtures/db-query";
import { Client, createApiToken, loggedInClient } from "../fixtures/http-client";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { createUser } from "../fixtures/users";

// An app of its own: these tests disable, demote and delete users.
const ROOT = { username: "root", password: "root-password-1" };
const PAT = { username: "pat", password: "pat-password-12" };
type AdminUser = { id: string; username: string; role: string; disabled: boolean };

let database: TestDatabase;
let app: AppServer;
let root: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  await createUser(ROOT, { DATABASE_URL: database.url });
  await createUser(PAT, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
    LOGIN_MAX_FAILURES: "1000",
    // The tests play a reverse proxy on this machine that reports the client's address.
    TRUST_PROXY: "loopback",
  });
  root = await loggedInClient(app.url, ROOT.username, ROOT.password);
});

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

async function users(): Promise<AdminUser[]> {
  return (await (await root.fetch("/api/admin/users")).json()) as AdminUser[];
}
async function idOf(username: string): Promise<string> {
  return (await users()).find((user) => user.username === username)?.id as string;
}
function patch(client: Client, id: string, body: unknown) {
  return client.fetch(`/api/admin/users/${id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("the admin API", () => {
  it("is for logged-in administrators only: 401 without a session, 403 for a user or a token", async () => {
    expect((await new Client(app.url).fetch("/api/admin/users")).status).toBe(401);
    const pat = await loggedInClient(app.url, PAT.username, PAT.password);
    expect((await pat.fetch("/api/admin/users")).status).toBe(403);
    expect((await pat.fetch("/api/admin/audit")).status).toBe(403);
    expect((await pat.postJson("/api/admin/users", { username: "x", password: "long-enough" })).status).toBe(
      403,
    );
    expect((await patch(pat, await idOf(ROOT.username), { role: "user" })).status).toBe(403);
    expect((await pat.fetch("/admin")).status).toBe(403);
    const { token } = (await (await root.postJson("/api/tokens", { name: "admin script" })).json()) as {
      token: string;
    };
    const viaToken = await fetch(`${app.url}/api/admin/users`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(viaToken.status).toBe(403);
    expect((await root.fetch("/admin")).status).toBe(200);
  });

  it("creates users, and refuses a taken name or bad input", async () => {
    const created = await root.postJson("/api/admin/users", {
      username: "quinn",
      password: "quinn-password",
      role: "user",
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ username: "quinn", role: "user", disabled: false });
    expect(
      (await root.postJson("/api/admin/users", { username: "quinn", password: "another-one" })).status,
    ).toBe(409);
    expect((await root.postJson("/api/admin/users", { username: "short", password: "x" })).status).toBe(400);
    expect(
      (await root.postJson("/api/admin/users", { username: "ok", password: "long-enough", role: "god" }))
        .status,
    ).toBe(400);
    await loggedInClient(app.url, "quinn", "quinn-password");
  });

  it("disabling a user stops their sessions and revokes their tokens; enabling lets them log in again", async () => {
    const pat = await loggedInClient(app.url, PAT.username, PAT.password);
    const { token } = (await (await pat.postJson("/api/tokens", { name: "pat's script" })).json()) as {
      token: string;
    };
    const id = await idOf(PAT.username);
    expect((await patch(root, id, { disabled: true })).status).toBe(200);
    expect((await pat.fetch("/api/sessions")).status).toBe(401);
    expect(
      (await fetch(`${app.url}/api/sessions`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
    const again = new Client(app.url);
    await again.login(PAT.username, PAT.password);
    expect(again.loggedIn).toBe(false);

    expect(await (await patch(root, id, { disabled: false })).json()).toMatchObject({ disabled: false });
    const back = await loggedInClient(app.url, PAT.username, PAT.password);
    // A token made before the account was disabled (perhaps by whoever it was disabled for) stays dead.
    expect(
      (await fetch(`${app.url}/api/sessions`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
    expect(((await (await back.fetch("/api/tokens")).json()) as unknown[]).length).toBe(0);
  });

  it("resets a password, ending that user's sessions and revoking their API tokens", async () => {
    const pat = await loggedInClient(app.url, PAT.username, PAT.password);
    const { token } = await createApiToken(pat, "before the reset");
    expect((await patch(root, await idOf(PAT.username), { password: "reset-by-admin-1" })).status).toBe(200);
    expect((await pat.fetch("/api/sessions")).status).toBe(401);
    expect(
      (await fetch(`${app.url}/api/sessions`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
    PAT.password = "reset-by-admin-1";
    await loggedInClient(app.url, PAT.username, PAT.password);
  });

  it("never removes, disables or demotes the last administrator", async () => {
    const rootId = await idOf(ROOT.username);
    expect((await patch(root, rootId, { role: "user" })).status).toBe(409);
    expect((await patch(root, rootId, { disabled: true })).status).toBe(409);
    expect((await root.fetch(`/api/admin/users/${rootId}`, { method: "DELETE" })).status).toBe(409);
    expect((await root.fetch("/api/sessions")).status).toBe(200);

    const patId = await idOf(PAT.username);
    expect((await patch(root, patId, { role: "admin" })).status).toBe(200);
    const pat = await loggedInClient(app.url, PAT.username, PAT.password);
    expect((await pat.fetch("/api/admin/users")).status).toBe(200);
    expect((await patch(pat, rootId, { role: "user" })).status).toBe(200);
    expect((await patch(pat, patId, { role: "user" })).status).toBe(409);
    expect((await patch(pat, rootId, { role: "admin" })).status).toBe(200);
    expect((await patch(root, patId, { role: "user" })).status).toBe(200);
  });

  it("deletes a user with their conversations", async () => {
    const quinn = await loggedInClient(app.url, "quinn", "quinn-password");
    const sessionId = await quinn.newSession();
    const id = await idOf("quinn");
    expect((await root.fetch(`/api/admin/users/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await users()).map((user) => user.username)).not.toContain("quinn");
    expect(
      await query(database.url, `SELECT "id" FROM "conversations" WHERE "id" = $1`, [sessionId]),
    ).toEqual([]);
    expect((await quinn.fetch("/api/sessions")).status).toBe(401);
    expect((await root.fetch(`/api/admin/users/${id}`, { method: "DELETE" })).status).toBe(404);
    const cross = await root.fetch(`/api/admin/users/${await idOf(PAT.username)}`, {
      method: "DELETE",
      headers: { origin: "https://evil.example" },
    });
    expect(cross.status).toBe(403);
  });

  it("two administrators demoting each other at once: one wins, the other is refused, nobody gets a 500", async () => {
    const other = { username: "ida", password: "ida-password-12" };
    expect((await root.postJson("/api/admin/users", { ...other, role: "admin" })).status).toBe(201);
    const ida = await loggedInClient(app.url, other.username, other.password);
    const [rootId, idaId] = [await idOf(ROOT.username), await idOf(other.username)];
    for (let round = 0; round < 5; round++) {
      const [byRoot, byIda] = await Promise.all([
        patch(root, idaId, { role: "user" }),
        patch(ida, rootId, { role: "user" }),
      ]);
      // The loser finds itself demoted (403) or the other one the last administrator (409).
      expect([byRoot.status, byIda.status].filter((status) => status === 200)).toHaveLength(1);
      expect([byRoot.status, byIda.status].every((status) => [200, 403, 409].includes(status))).toBe(true);
      const [winner, demoted] = byRoot.status === 200 ? [root, idaId] : [ida, rootId];
      expect((await patch(winner, demoted, { role: "admin" })).status).toBe(200);
    }
    expect((await patch(root, idaId, { role: "user" })).status).toBe(200);
  });
});

describe("refused admin actions are in the audit log", () => {
  it("records a plain user's try, an API token's, and one that would leave no administrator", async () => {
    const pat = await loggedInClient(app.url, PAT.username, PAT.password);
    expect((await pat.fetch("/api/admin/users")).status).toBe(403);
    const { token } = await createApiToken(root, "admin by token");
    expect(
      (await fetch(`${app.url}/api/admin/users`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(403);
    const admins = (
      (await (await root.fetch("/api/admin/users")).json()) as { username: string; role: string }[]
    ).filter((user) => user.role === "admin");
    for (const admin of admins.filter((user) => user.username !== ROOT.username)) {
      expect((await patch(root, await idOf(admin.username), { role: "user" })).status).toBe(200);
    }
    expect((await patch(root, await idOf(ROOT.username), { disabled: true })).status).toBe(409);
    const events = (await (await root.fetch("/api/admin/audit")).json()) as {
      action: string;
      actor: string | null;
      detail: string | null;
    }[];
    const refused = events.filter((event) => event.action === "admin.refused");
    expect(
      refused.some(
        (event) => event.actor === PAT.username && /GET \/api\/admin\/users/.test(event.detail ?? ""),
      ),
    ).toBe(true);
    expect(
      refused.some((event) => event.actor === ROOT.username && /API tokens/.test(event.detail ?? "")),
    ).toBe(true);
    expect(
      refused.some((event) => event.actor === ROOT.username && /last administrator/.test(event.detail ?? "")),
    ).toBe(true);
  });
});

describe("the audit log", () => {
  it("records logins, failures, lockouts' kin, tokens and admin actions, with user and address, and no secrets", async () => {
    const failed = new Client(app.url);
    await failed.login(PAT.username, "a-wrong-password", { "x-forwarded-for": "203.0.113.5" });
    const response = await root.fetch("/api/admin/audit?limit=500");
    expect(response.status).toBe(200);
    const events = (await response.json()) as {
      action: string;
      actor: string | null;
      target: string | null;
      address: string | null;
    }[];
    const actions = new Set(events.map((event) => event.action));
    for (const action of [
      "login.success",
      "login.failure",
      "token.create",
      "admin.user.create",
      "admin.user.update",
      "admin.user.delete",
    ]) {
      expect(actions).toContain(action);
    }
    expect(
      events.find((event) => event.action === "login.failure" && event.address === "203.0.113.5"),
    ).toMatchObject({
      target: PAT.username,
    });
    // Events recorded by route handlers take the address from the request too.
    for (const action of ["admin.user.create", "token.create"]) {
      expect(events.find((event) => event.action === action)?.address).toMatch(/\d/);
    }
    const everything = JSON.stringify(await query(database.url, `SELECT * FROM "audit_events"`));
    for (const secret of [ROOT.password, PAT.password, "a-wrong-password", "quinn-password", "chat_"]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("pages newest first with X-Next-Cursor, every event once, and refuses a cursor it did not give", async () => {
    for (let attempt = 0; attempt < 7; attempt++) {
      await new Client(app.url).login(PAT.username, `wrong-password-${attempt}`);
    }
    const all = (await (await root.fetch("/api/admin/audit?limit=500")).json()) as { id: string }[];
    expect(all.length).toBeGreaterThan(12);
    const paged: { id: string; at: string }[] = [];
    let cursor: string | null = null;
    do {
      const response: Response = await root.fetch(
        `/api/admin/audit?limit=5${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(response.status).toBe(200);
      const page = (await response.json()) as { id: string; at: string }[];
      expect(page.length).toBeLessThanOrEqual(5);
      paged.push(...page);
      cursor = response.headers.get("x-next-cursor");
    } while (cursor);
    expect(paged.map((event) => event.id)).toEqual(all.map((event) => event.id));
    const times = paged.map((event) => event.at);
    expect([...times].sort().reverse()).toEqual(times);
    for (const bad of ["cursor=not-a-cursor", "limit=0", "limit=501", "limit=ten"]) {
      const response = await root.fetch(`/api/admin/audit?${bad}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBeTruthy();
    }
  });
});
