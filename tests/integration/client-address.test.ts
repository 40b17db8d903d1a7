import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { query } from "../fixtures/db-query";
import { Client, loggedInClient } from "../fixtures/http-client";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../fixtures/users";

// Two apps on one database: one trusts no proxy (the default), one trusts proxies on this machine.
let database: TestDatabase;
let direct: AppServer;
let proxied: AppServer;

beforeAll(async () => {
  database = await createTestDatabase();
  await createUser(ADA, { DATABASE_URL: database.url });
  await createUser(BABBAGE, { DATABASE_URL: database.url });
  direct = await startApp({ DATABASE_URL: database.url, LOGIN_MAX_FAILURES: "3" });
  proxied = await startApp({ DATABASE_URL: database.url, LOGIN_MAX_FAILURES: "3", TRUST_PROXY: "loopback" });
});

afterAll(async () => {
  await direct?.stop();
  await proxied?.stop();
  await database?.drop();
});

async function attempt(app: AppServer, username: string, password: string, forwardedFor?: string) {
  const client = new Client(app.url);
  const response = await client.login(
    username,
    password,
    forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
  );
  const { url } = (await response.json()) as { url: string };
  return { loggedIn: client.loggedIn, error: new URL(url).searchParams.get("error") };
}

async function auditAddresses(target: string): Promise<string[]> {
  const rows = await query<{ address: string | null }>(
    database.url,
    `SELECT "address" FROM "audit_events" WHERE "target" = $1 ORDER BY "id"`,
    [target],
  );
  return rows.map((row) => row.address ?? "");
}

describe("without TRUST_PROXY, the client is the socket's peer", () => {
  it("a client that makes up X-Forwarded-For for each guess is still counted as one address", async () => {
    for (let i = 0; i < 3; i++) {
      const guess = await attempt(direct, `nobody-${i}`, "wrong-password", `198.51.100.${i}`);
      expect(guess.error).toBe("CredentialsSignin");
    }
    const next = await attempt(direct, BABBAGE.username, BABBAGE.password, "198.51.100.200");
    expect(next.loggedIn).toBe(false);
    expect(next.error).toMatch(/^Too many failed attempts/);
    await query(database.url, `DELETE FROM "login_throttle"`);
  });

  it("writes the address it saw into the audit log, as plain IPv4, never what the client claimed", async () => {
    await attempt(direct, "claims-a-lot", "wrong-password", "x".repeat(8000));
    await attempt(direct, "claims-a-lot", "wrong-password", "203.0.113.77");
    expect(await auditAddresses("claims-a-lot")).toEqual(["127.0.0.1", "127.0.0.1"]);
    await query(database.url, `DELETE FROM "login_throttle"`);
  });

  it("believes no X-Forwarded-Host: another site's origin is refused, however the host is dressed up", async () => {
    const ada = await loggedInClient(direct.url, ADA.username, ADA.password);
    const forged = await ada.fetch("/api/new-session", {
      method: "POST",
      headers: {
        origin: "https://evil.example",
        "x-forwarded-host": "evil.example",
        "x-forwarded-proto": "https",
      },
    });
    expect(forged.status).toBe(403);
    expect(
      (await ada.fetch("/api/new-session", { method: "POST", headers: { origin: direct.url } })).status,
    ).toBe(200);
  });
});

describe("with TRUST_PROXY naming the proxies", () => {
  it("takes the address the proxy reports, and counts the limits by it", async () => {
    for (let i = 0; i < 3; i++) await attempt(proxied, `someone-${i}`, "wrong-password", "203.0.113.50");
    expect((await attempt(proxied, ADA.username, ADA.password, "203.0.113.50")).error).toMatch(/^Too many/);
    expect((await attempt(proxied, ADA.username, ADA.password, "203.0.113.51")).loggedIn).toBe(true);
    expect(await auditAddresses("someone-0")).toEqual(["203.0.113.50"]);
    await query(database.url, `DELETE FROM "login_throttle"`);
  });

  it("takes only a valid address from the header: anything else falls back to the proxy's own", async () => {
    await attempt(proxied, "odd-header", "wrong-password", "not-an-address");
    await attempt(proxied, "odd-header", "wrong-password", "x".repeat(8000));
    expect(await auditAddresses("odd-header")).toEqual(["127.0.0.1", "127.0.0.1"]);
    await query(database.url, `DELETE FROM "login_throttle"`);
  });
});
