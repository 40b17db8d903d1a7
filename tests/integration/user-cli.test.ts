import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { query } from "../fixtures/db-query";
import { Client, createApiToken, loggedInClient, TokenClient } from "../fixtures/http-client";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { runUserCli } from "../fixtures/users";

// The accounts' CLI as the bundle (and the Docker image) has it, `node server/user.mjs`; the same
// commands as `npm run user` in the checkout, which the last test runs.
describe("the accounts' CLI", () => {
  let database: TestDatabase;
  let app: AppServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url };
  });

  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it("adds users on a database the app has never started on; the first is the admin", async () => {
    expect(await runUserCli(["add", "hopper"], env, "cobol-and-compilers\n")).toMatchObject({ status: 0 });
    expect(await runUserCli(["add", "lamarr"], env, "frequency-hopping\n")).toMatchObject({ status: 0 });
    const list = await runUserCli(["list"], env);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/hopper\tadmin/);
    expect(list.stdout).toMatch(/lamarr\tuser/);
  });

  it("refuses a duplicate, a short password and an unknown command", async () => {
    expect((await runUserCli(["add", "hopper"], env, "another-password\n")).stderr).toContain(
      "already exists",
    );
    const short = await runUserCli(["add", "babbage"], env, "short\n");
    expect(short.status).not.toBe(0);
    expect(short.stderr).toContain("at least 8 characters");
    expect((await runUserCli(["frobnicate"], env)).status).not.toBe(0);
  });

  it("changes a password, ending the user's sessions and tokens, and removes a user", async () => {
    app = await startApp({ DATABASE_URL: database.url, OPENAI_BASE_URL: "http://127.0.0.1:9/v1" });
    const hopper = await loggedInClient(app.url, "hopper", "cobol-and-compilers");
    expect((await hopper.fetch("/api/sessions")).status).toBe(200);
    const { token } = await createApiToken(hopper, "before passwd");

    expect((await runUserCli(["passwd", "hopper"], env, "nanoseconds-of-wire\n")).status).toBe(0);
    expect((await hopper.fetch("/api/sessions")).status).toBe(401);
    expect((await new TokenClient(app.url, token).fetch("/api/sessions")).status).toBe(401);
    const old = new Client(app.url);
    await old.login("hopper", "cobol-and-compilers");
    expect(old.loggedIn).toBe(false);
    await loggedInClient(app.url, "hopper", "nanoseconds-of-wire");

    expect((await runUserCli(["remove", "lamarr"], env)).status).toBe(0);
    expect((await runUserCli(["list"], env)).stdout).not.toContain("lamarr");
    expect((await runUserCli(["remove", "lamarr"], env)).status).not.toBe(0);
  });

  it("never removes the last administrator, and records every command in the audit log", async () => {
    const refused = await runUserCli(["remove", "hopper"], env);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("last administrator");
    expect((await runUserCli(["list"], env)).stdout).toMatch(/hopper\tadmin/);
    const events = await query<{ action: string; actor: string; target: string; detail: string | null }>(
      database.url,
      `SELECT "action", "actor", "target", "detail" FROM "audit_events" WHERE "actor" = '(command line)' ORDER BY "id"`,
    );
    expect(events.map((event) => [event.action, event.target])).toEqual([
      ["admin.user.create", "hopper"],
      ["admin.user.create", "lamarr"],
      ["admin.user.update", "hopper"],
      ["admin.user.delete", "lamarr"],
      ["admin.refused", "hopper"],
    ]);
  });

  it("is the same as `npm run user` in the checkout, on the same database", async () => {
    const fromCheckout = await runUserCli(["add", "lovelace"], env, "notes-on-the-engine\n", "checkout");
    expect(fromCheckout).toMatchObject({ status: 0, stdout: "Created user lovelace.\n" });
    const listed = await runUserCli(["list"], env, undefined, "checkout");
    expect(listed.stdout).toBe((await runUserCli(["list"], env)).stdout);
    expect(listed.stdout).toMatch(/hopper\tadmin[^\n]*\nlovelace\tuser/);
    const refused = await runUserCli(["add", "lovelace"], env, "notes-on-the-engine\n", "checkout");
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("already exists");
    await loggedInClient(app.url, "lovelace", "notes-on-the-engine");
  });
});
