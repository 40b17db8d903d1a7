import { beforeAll, describe, expect, inject, it } from "vitest";
import { query } from "../../fixtures/db-query";
import { type Client, createApiToken, loggedInClient, TokenClient } from "../../fixtures/http-client";
import { expectedReply } from "../../fixtures/mock-openai";
import { ADA, BABBAGE } from "../../fixtures/users";

const appUrl = inject("appUrl");
const databaseUrl = inject("databaseUrl");

let ada: Client;
let babbage: Client;

beforeAll(async () => {
  ada = await loggedInClient(appUrl, ADA.username, ADA.password);
  babbage = await loggedInClient(appUrl, BABBAGE.username, BABBAGE.password);
});

function withToken(token: string, path: string, init: RequestInit = {}) {
  return new TokenClient(appUrl, token).fetch(path, init);
}

describe("personal API tokens", () => {
  it("are shown once, listed without their secret, and work on the JSON API with exactly their user's rights", async () => {
    const { id, token } = await createApiToken(ada, "laptop script");
    expect(token).toMatch(/^chat_[A-Za-z0-9_-]{43}$/);
    const list = await (await ada.fetch("/api/tokens")).text();
    expect(list).toContain(id);
    expect(list).toContain("laptop script");
    expect(list).not.toContain(token);
    const stored = await query<{ token_hash: string }>(
      databaseUrl,
      `SELECT "token_hash" FROM "api_tokens" WHERE "id" = $1`,
      [id],
    );
    expect(stored[0]?.token_hash).not.toContain(token.slice(5));

    const created = await withToken(token, "/api/new-session", { method: "POST" });
    expect(created.status).toBe(200);
    const { session_id } = (await created.json()) as { session_id: string };
    const chat = await withToken(token, "/api", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ data: "Hello from a script", session_id }),
    });
    expect(chat.status).toBe(200);
    expect(((await chat.json()) as { data: string }).data).toBe(expectedReply("Hello from a script", 1));
    const sessions = (await (await withToken(token, "/api/sessions")).json()) as { session_id: string }[];
    expect(sessions.map((session) => session.session_id)).toContain(session_id);
    expect((await withToken(token, "/api/search?q=script")).status).toBe(200);

    const babbagesSession = await babbage.newSession();
    const intrusion = await withToken(token, "/api", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ data: "let me in", session_id: babbagesSession }),
    });
    expect(intrusion.status).toBe(404);
    expect((await withToken(token, `/api/sessions/${babbagesSession}`)).status).toBe(404);
  });

  it("cannot manage tokens", async () => {
    const { id, token } = await createApiToken(ada, "limited");
    expect((await withToken(token, "/api/tokens")).status).toBe(403);
    const create = await withToken(token, "/api/tokens", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "escalate" }),
    });
    expect(create.status).toBe(403);
    expect((await withToken(token, `/api/tokens/${id}`, { method: "DELETE" })).status).toBe(403);
  });

  it("stop working at once when revoked, and only their owner can revoke them", async () => {
    const { id, token } = await createApiToken(ada, "to revoke");
    expect((await withToken(token, "/api/sessions")).status).toBe(200);
    expect((await babbage.fetch(`/api/tokens/${id}`, { method: "DELETE" })).status).toBe(404);
    expect((await withToken(token, "/api/sessions")).status).toBe(200);
    expect(
      (
        await ada.fetch(`/api/tokens/${id}`, {
          method: "DELETE",
          headers: { origin: "https://evil.example" },
        })
      ).status,
    ).toBe(403);
    expect((await ada.fetch(`/api/tokens/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await withToken(token, "/api/sessions")).status).toBe(401);
    expect((await ada.fetch(`/api/tokens/${id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("are refused when expired", async () => {
    const { id, token } = await createApiToken(ada, "short-lived");
    await query(databaseUrl, `UPDATE "api_tokens" SET "expires_at" = $1 WHERE "id" = $2`, [
      databaseUrl.startsWith("file:")
        ? new Date(Date.now() - 1000).toISOString()
        : new Date(Date.now() - 1000),
      id,
    ]);
    expect((await withToken(token, "/api/sessions")).status).toBe(401);
  });

  it("refuse malformed and unknown tokens with 401, even next to a valid cookie", async () => {
    const unknown = `chat_${"A".repeat(43)}`;
    for (const header of [
      "Bearer",
      "Bearer ",
      "Bearer x y",
      `Bearer ${unknown}`,
      "Basic YWRhOnB3",
      `bearer  ${unknown}`,
    ]) {
      const response = await ada.fetch("/api/sessions", { headers: { authorization: header } });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: expect.any(String),
        code: expect.stringMatching(/^[a-z_]+:[a-z_]+$/),
      });
    }
  });

  it("refuse bad names", async () => {
    expect((await ada.postJson("/api/tokens", { name: "" })).status).toBe(400);
    expect((await ada.postJson("/api/tokens", { name: "x".repeat(101) })).status).toBe(400);
    expect((await ada.postJson("/api/tokens", [])).status).toBe(400);
    expect((await ada.postJson("/api/tokens", { name: "ok", expires_in_days: -1 })).status).toBe(400);
    expect((await fetch(`${appUrl}/api/tokens`)).status).toBe(401);
  });
});
