// Prisma's query compiler, a WebAssembly module of some 36 MB that takes 40 to 80 MB of the server's
// memory once compiled, is loaded by the query builder (and by Prisma's own transactions). What
// every user does, day in day out, runs raw SQL on the adapter and must not load it: a server that
// has only been used that way stays light. The server runs with a probe (tests/fixtures/wasm-probe)
// that writes down every WebAssembly module compiled; a settings page, which uses the query
// builder, shows that the probe sees the compiler when it is loaded.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, ROOT, startApp } from "../fixtures/app-server";
import { type Client, createApiToken, loggedInClient, TokenClient } from "../fixtures/http-client";
import { type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../fixtures/users";

let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;
const probeFile = path.join(mkdtempSync(path.join(tmpdir(), "wasm-probe-")), "compiled.log");
/** The WebAssembly modules the server has compiled so far, larger than Node.js's own (undici's HTTP parser, 48 kB). */
const largeModules = () =>
  (existsSync(probeFile) ? readFileSync(probeFile, "utf8") : "")
    .split("\n\n")
    .filter((entry) => Number(/ (\d+) bytes\n/.exec(entry)?.[1] ?? 0) > 1_000_000);

// Made on a first server, with whatever it takes (a token and a link are made in settings).
let sessionId: string;
let apiToken: string;
let sharePath: string;

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  await createUser(ADA, { DATABASE_URL: database.url });
  await createUser(BABBAGE, { DATABASE_URL: database.url });
  const env = { DATABASE_URL: database.url, OPENAI_BASE_URL: mock.baseURL, OPENAI_MODEL: "mock" };
  const first = await startApp(env);
  try {
    const ada = await loggedInClient(first.url, ADA.username, ADA.password);
    sessionId = await ada.newSession();
    expect((await ada.postJson("/api", { data: "The first turn", session_id: sessionId })).status).toBe(200);
    apiToken = (await createApiToken(ada, "script")).token;
    const share = await ada.postJson(`/api/sessions/${sessionId}/shares`, {});
    expect(share.status).toBe(201);
    sharePath = new URL(((await share.json()) as { url: string }).url).pathname;
  } finally {
    await first.stop();
  }
  app = await startApp({
    ...env,
    NODE_OPTIONS: `--require ${path.join(ROOT, "tests", "fixtures", "wasm-probe.cjs")}`,
    WASM_PROBE_FILE: probeFile,
  });
});

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

const ok = async (response: Promise<Response>) => {
  const answered = await response;
  await answered.arrayBuffer();
  return answered.status;
};

describe("Prisma's query compiler", () => {
  it("is not loaded by logging in, the chat pages, their lists, replies, a token, a link or logging out", async () => {
    expect(await ok(fetch(`${app.url}/`))).toBe(200);
    const ada: Client = await loggedInClient(app.url, ADA.username, ADA.password);
    for (const page of ["/interact_history", `/interact_history/${sessionId}`]) {
      expect(await ok(ada.fetch(page))).toBe(200);
    }
    for (const list of ["/api/sessions", "/api/folders", "/api/presets", "/api/models"]) {
      expect(await ok(ada.fetch(list))).toBe(200);
    }
    expect(await ok(ada.postJson("/api", { data: "A second turn", session_id: sessionId }))).toBe(200);
    const fresh = await ada.newSession();
    expect(await ok(ada.postJson("/api", { data: "A new conversation", session_id: fresh }))).toBe(200);
    expect(await ok(ada.fetch(`/api/sessions/${fresh}`))).toBe(200);
    expect(await ok(new TokenClient(app.url, apiToken).fetch("/api/sessions"))).toBe(200);
    const babbage = await loggedInClient(app.url, BABBAGE.username, BABBAGE.password);
    expect(await ok(babbage.fetch(sharePath))).toBe(200);
    expect(await ok(ada.fetch("/logout"))).toBeLessThan(400);
    expect(largeModules()).toEqual([]);
  });

  it("is seen by the probe when a page that needs it loads it", async () => {
    const ada = await loggedInClient(app.url, ADA.username, ADA.password);
    expect(await ok(ada.fetch("/settings"))).toBe(200);
    expect(largeModules()).toHaveLength(1);
  });
});
