import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { Client, createApiToken, loggedInClient } from "../fixtures/http-client";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { createUser } from "../fixtures/users";

// Its own app and users: these tests end every session of the user they act on.
const LOVELACE = { username: "lovelace", password: "first-program-1843" };
let database: TestDatabase;
let app: AppServer;

beforeAll(async () => {
  database = await createTestDatabase();
  await createUser(LOVELACE, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: database.url, LOGIN_MAX_FAILURES: "1000" });
});

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

function copyOf(client: Client): Client {
  const copy = new Client(app.url);
  copy.setCookies(client.cookieHeader());
  return copy;
}

describe("changing one's password", () => {
  it("ends the user's other sessions and API tokens, keeps this one, and the old password stops working", async () => {
    const here = await loggedInClient(app.url, LOVELACE.username, LOVELACE.password);
    const elsewhere = await loggedInClient(app.url, LOVELACE.username, LOVELACE.password);
    const keptCookie = copyOf(elsewhere);
    // A token made in a stolen session must not outlive the password change that shuts the thief out.
    const stolenToken = await createApiToken(elsewhere, "made by a thief");
    const tokenUse = () =>
      fetch(`${app.url}/api/sessions`, { headers: { authorization: `Bearer ${stolenToken.token}` } });
    expect((await tokenUse()).status).toBe(200);

    const wrong = await here.postJson("/api/account/password", {
      current_password: "nope",
      new_password: "whatever-long",
    });
    expect(wrong.status).toBe(400);
    expect(
      (
        await here.postJson("/api/account/password", {
          current_password: LOVELACE.password,
          new_password: "short",
        })
      ).status,
    ).toBe(400);
    const cross = await here.postJson(
      "/api/account/password",
      { current_password: LOVELACE.password, new_password: "analytical-notes-1843" },
      { origin: "https://evil.example" },
    );
    expect(cross.status).toBe(403);

    const changed = await here.postJson("/api/account/password", {
      current_password: LOVELACE.password,
      new_password: "analytical-notes-1843",
    });
    expect(changed.status).toBe(204);
    expect((await here.fetch("/api/sessions")).status).toBe(200);
    expect((await elsewhere.fetch("/api/sessions")).status).toBe(401);
    expect((await keptCookie.fetch("/api/sessions")).status).toBe(401);
    expect((await tokenUse()).status).toBe(401);
    expect(await (await here.fetch("/api/tokens")).json()).toEqual([]);

    const old = new Client(app.url);
    await old.login(LOVELACE.username, LOVELACE.password);
    expect(old.loggedIn).toBe(false);
    LOVELACE.password = "analytical-notes-1843";
    await loggedInClient(app.url, LOVELACE.username, LOVELACE.password);
  });

  it("is not possible with an API token", async () => {
    const here = await loggedInClient(app.url, LOVELACE.username, LOVELACE.password);
    const { token } = (await (await here.postJson("/api/tokens", { name: "script" })).json()) as {
      token: string;
    };
    const response = await fetch(`${app.url}/api/account/password`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ current_password: LOVELACE.password, new_password: "token-cannot-do-this" }),
    });
    expect(response.status).toBe(403);
  });
});

describe("log out everywhere", () => {
  it("ends every session of the user, and a replayed cookie is refused", async () => {
    const laptop = await loggedInClient(app.url, LOVELACE.username, LOVELACE.password);
    const phone = await loggedInClient(app.url, LOVELACE.username, LOVELACE.password);
    const stolen = copyOf(phone);
    expect((await laptop.postJson("/api/account/logout-everywhere", {})).status).toBe(204);
    for (const client of [laptop, phone, stolen])
      expect((await client.fetch("/api/sessions")).status).toBe(401);
    const page = await stolen.fetch("/interact_history");
    expect(new URL(page.headers.get("location") ?? "", app.url).pathname).toBe("/");
    expect((await new Client(app.url).postJson("/api/account/logout-everywhere", {})).status).toBe(401);
  });
});
