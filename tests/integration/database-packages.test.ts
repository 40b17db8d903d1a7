// What is loaded for one database only loads when that database is used: a server on SQLite never
// loads pg (some 2.5 MB of its heap once loaded), a server on Postgres never loads better-sqlite3.
// The server runs with a probe (tests/fixtures/package-probe.cjs) that writes down every package
// it loads a file of; the database's own driver among them shows that the probe sees the loads.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type AppServer, ROOT, startApp } from "../fixtures/app-server";
import { loggedInClient } from "../fixtures/http-client";
import { type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, createUser } from "../fixtures/users";

let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;
const probeFile = path.join(mkdtempSync(path.join(tmpdir(), "package-probe-")), "loaded.log");
/** The packages the server itself has loaded (not npm, nor the migrations run before it). */
const loadedPackages = () =>
  (existsSync(probeFile) ? readFileSync(probeFile, "utf8") : "")
    .split("\n")
    .filter((line) => line.startsWith("main.mjs "))
    .map((line) => line.slice("main.mjs ".length));

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  await createUser(ADA, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: mock.baseURL,
    OPENAI_MODEL: "mock",
    NODE_OPTIONS: `--require ${path.join(ROOT, "tests", "fixtures", "package-probe.cjs")}`,
    PACKAGE_PROBE_FILE: probeFile,
  });
});

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

it("loads only the driver of the database in use, through logging in, replies, the lists and settings", async () => {
  const ada = await loggedInClient(app.url, ADA.username, ADA.password);
  const sessionId = await ada.newSession();
  const reply = await ada.postJson("/api", { data: "Hello", session_id: sessionId });
  expect(reply.status).toBe(200);
  await reply.arrayBuffer();
  for (const pathname of ["/interact_history", "/api/sessions", "/api/search?q=Hello", "/settings"]) {
    const page = await ada.fetch(pathname);
    expect(page.status, pathname).toBe(200);
    await page.arrayBuffer();
  }
  const [used, unused] = database.provider === "sqlite" ? ["better-sqlite3", "pg"] : ["pg", "better-sqlite3"];
  expect(loadedPackages()).toContain(used);
  expect(loadedPackages()).not.toContain(unused);
});
