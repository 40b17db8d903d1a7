import { describe, expect, inject, it } from "vitest";
import { query } from "../../fixtures/db-query";
import { loggedInClient } from "../../fixtures/http-client";
import { createUser } from "../../fixtures/users";

const appUrl = inject("appUrl");
const databaseUrl = inject("databaseUrl");

describe("security headers", () => {
  it.each(["/", "/api/health", "/api/sessions", "/interact_history"])("are on %s", async (path) => {
    const response = await fetch(`${appUrl}${path}`, { redirect: "manual" });
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("strict-transport-security")).toContain("max-age=");
    expect(response.headers.get("x-powered-by")).toBeNull();
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  // The chat API's own path is answered by its route alone: the pages' proxy (and its work per
  // request) is not on the way of a reply.
  it("POST /api carries the API's fixed policy, not a page's nonce policy", async () => {
    const response = await fetch(`${appUrl}/api`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ data: "Hello", session_id: "00000000-0000-4000-8000-000000000000" }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });

  it("pages get a fresh script nonce each time, and no inline script runs without it", async () => {
    const first = (await fetch(`${appUrl}/`)).headers.get("content-security-policy") ?? "";
    const second = (await fetch(`${appUrl}/`)).headers.get("content-security-policy") ?? "";
    const scripts = first.split(";").find((directive) => directive.trim().startsWith("script-src")) ?? "";
    expect(scripts).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(scripts).not.toContain("unsafe-inline");
    expect(first).not.toBe(second);
  });
});

describe("login sessions", () => {
  it("end after SESSION_IDLE_MINUTES without use (default a day)", async () => {
    // A user of this test's own: the clock of every one of their sessions is turned back.
    const idler = { username: "idler", password: "idle-hands-1234" };
    await createUser(idler, { DATABASE_URL: databaseUrl });
    const client = await loggedInClient(appUrl, idler.username, idler.password);
    expect((await client.fetch("/api/sessions")).status).toBe(200);
    const longAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    await query(
      databaseUrl,
      `UPDATE "auth_sessions" SET "last_seen_at" = $1, "created_at" = $1
       WHERE "user_id" = (SELECT "id" FROM "users" WHERE "username" = $2)`,
      [databaseUrl.startsWith("file:") ? longAgo.toISOString() : longAgo, idler.username],
    );
    expect((await client.fetch("/api/sessions")).status).toBe(401);
  });
});
