import { afterAll, beforeAll, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { Client } from "../fixtures/http-client";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../fixtures/users";

let database: TestDatabase;
let app: AppServer;

beforeAll(async () => {
  database = await createTestDatabase();
  await createUser(ADA, { DATABASE_URL: database.url });
  await createUser(BABBAGE, { DATABASE_URL: database.url });
  // The tests play a reverse proxy on this machine that reports each client's address.
  app = await startApp({ DATABASE_URL: database.url, TRUST_PROXY: "loopback" });
});

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

/** A login from `address`, as a reverse proxy in front of the app would report it. */
async function attempt(username: string, password: string, address: string) {
  const client = new Client(app.url);
  const response = await client.login(username, password, { "x-forwarded-for": address });
  const { url } = (await response.json()) as { url: string };
  return { loggedIn: client.loggedIn, error: new URL(url).searchParams.get("error") };
}

it("30 rapid wrong passwords lock the account: then even the right one is refused, across a restart", async () => {
  // From many addresses, so that only the per-username limit can stop them.
  const results = await Promise.all(
    Array.from({ length: 30 }, (_, i) => attempt(ADA.username, "wrong-guess", `198.51.100.${i}`)),
  );
  expect(results.every((result) => !result.loggedIn)).toBe(true);

  const right = await attempt(ADA.username, ADA.password, "203.0.113.7");
  expect(right.loggedIn).toBe(false);
  expect(right.error).toMatch(/^Too many failed attempts\. Try again in 1[45] minutes\.$/);

  await app.stop();
  app = await startApp(app.env, app.port);
  const afterRestart = await attempt(ADA.username, ADA.password, "203.0.113.8");
  expect(afterRestart.loggedIn).toBe(false);
  expect(afterRestart.error).toMatch(/^Too many failed attempts/);
});

it("says the same for a username that does not exist, and leaves other users alone", async () => {
  for (let i = 0; i < 12; i++) await attempt("nobody-at-all", "wrong-guess", `192.0.2.${i}`);
  expect((await attempt("nobody-at-all", "wrong-guess", "192.0.2.99")).error).toMatch(
    /^Too many failed attempts/,
  );
  expect((await attempt(BABBAGE.username, BABBAGE.password, "192.0.2.100")).loggedIn).toBe(true);
});

it("limits one address trying many usernames", async () => {
  for (let i = 0; i < 12; i++) await attempt(`guess-${i}`, "wrong-guess", "233.252.0.1");
  const blocked = await attempt(BABBAGE.username, BABBAGE.password, "233.252.0.1");
  expect(blocked.loggedIn).toBe(false);
  expect(blocked.error).toMatch(/^Too many failed attempts/);
  expect((await attempt(BABBAGE.username, BABBAGE.password, "233.252.0.2")).loggedIn).toBe(true);
});
