import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { query } from "../fixtures/db-query";
import { Client, loggedInClient } from "../fixtures/http-client";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, createUser } from "../fixtures/users";

const ALICE = { username: "alice", password: "alice-password-1" };
const LIMIT = 5;

let database: TestDatabase;
let app: AppServer;

beforeAll(async () => {
  database = await createTestDatabase();
  await createUser(ADA, { DATABASE_URL: database.url });
  await createUser(ALICE, { DATABASE_URL: database.url });
  // Each guess comes from its own address, so only the per-account limit can stop them.
  app = await startApp({
    DATABASE_URL: database.url,
    LOGIN_MAX_FAILURES: String(LIMIT),
    TRUST_PROXY: "loopback",
  });
});

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

async function attempt(username: string, password: string, address: string) {
  const client = new Client(app.url);
  const response = await client.login(username, password, { "x-forwarded-for": address });
  const { url } = (await response.json()) as { url: string };
  return { loggedIn: client.loggedIn, error: new URL(url).searchParams.get("error") };
}

describe("the login limits hold under parallel guesses", () => {
  it("of 200 guesses sent at once, at most LOGIN_MAX_FAILURES get their password checked", async () => {
    const guesses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        attempt(ALICE.username, `guess-${i}`, `10.1.${i >> 8}.${i & 255}`),
      ),
    );
    const checked = guesses.filter((guess) => guess.error === "CredentialsSignin").length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(LIMIT);
    expect(guesses.filter((guess) => guess.error?.startsWith("Too many failed attempts"))).toHaveLength(
      200 - checked,
    );
    // Then even the right password is refused, from an address that never guessed.
    const right = await attempt(ALICE.username, ALICE.password, "10.9.9.9");
    expect(right.loggedIn).toBe(false);
    expect(right.error).toMatch(/^Too many failed attempts/);
    await query(database.url, `DELETE FROM "login_throttle"`);
  });
});

describe("lookalike usernames are one account", () => {
  it("cannot be created beside it, in another case, fullwidth, or with a Cyrillic letter", async () => {
    await createUser({ username: "root", password: "root-password-1" }, { DATABASE_URL: database.url });
    await query(database.url, `UPDATE "users" SET "role" = 'admin' WHERE "username" = 'root'`);
    const root = await loggedInClient(app.url, "root", "root-password-1");
    for (const username of ["Alice", "ALICE", "ＡＬＩＣＥ"]) {
      const response = await root.postJson("/api/admin/users", { username, password: "another-password" });
      expect(response.status).toBe(409);
    }
    const cyrillic = await root.postJson("/api/admin/users", {
      username: "\u0430lice",
      password: "another-password",
    });
    expect(cyrillic.status).toBe(400);
    expect(((await cyrillic.json()) as { error: string }).error).toMatch(/mix/);
  });

  it("share one lockout: guesses against ALICE lock alice, and alice's own login does not clear another's", async () => {
    for (let i = 0; i < LIMIT; i++) await attempt(i % 2 ? "ALICE" : "Alice", "wrong", `10.2.0.${i}`);
    expect((await attempt(ALICE.username, ALICE.password, "10.2.1.1")).error).toMatch(
      /^Too many failed attempts/,
    );
    await query(database.url, `DELETE FROM "login_throttle"`);

    // Ada's failures stay hers whatever alice does.
    for (let i = 0; i < LIMIT; i++) await attempt(ADA.username, "wrong", `10.3.0.${i}`);
    expect((await attempt("ALICE", ALICE.password, "10.3.1.1")).loggedIn).toBe(true);
    expect((await attempt(ADA.username, ADA.password, "10.3.1.2")).error).toMatch(
      /^Too many failed attempts/,
    );
    await query(database.url, `DELETE FROM "login_throttle"`);
  });

  it("logs in by any spelling of the name", async () => {
    expect((await attempt("ＡＬＩＣＥ", ALICE.password, "10.4.0.1")).loggedIn).toBe(true);
  });
});
