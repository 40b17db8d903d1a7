// Several model servers at once: the environment's connection and those administrators add, their
// models listed within a timeout however the servers behave, and one rule for who may use which.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, freePort, ROOT, startApp } from "../fixtures/app-server";
import { query } from "../fixtures/db-query";
import { type Client, createApiToken, loggedInClient, TokenClient } from "../fixtures/http-client";
import { expectedReply, isSummaryRequest, type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { collect, waitFor } from "../fixtures/sse";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../fixtures/users";

const ENV_KEY = "sk-env-7f3a9c1e5b2d4068";
const LAB_KEY = "sk-lab-0c8e6a4f2d1b3957";
const TIMEOUT_MS = 1_000;

type Model = {
  id: string;
  name: string;
  connection: string;
  available: boolean;
  default: boolean;
  reason?: string;
};
type Connection = {
  id: string;
  name: string;
  base_url: string;
  prefix: string | null;
  enabled: boolean;
  source: "env" | "admin";
  has_key: boolean;
  status: "ok" | "down" | "unknown";
  error?: string;
  models: string[];
};

let database: TestDatabase;
let envServer: MockOpenAI;
let lab: MockOpenAI;
let hanging: MockOpenAI;
let unlisted: MockOpenAI;
let app: AppServer;
let admin: Client;
let user: Client;
const responses: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  [envServer, lab, hanging, unlisted] = await Promise.all([
    startMockOpenAI({ models: ["mock-model", "mock-large"] }),
    startMockOpenAI({ models: ["llama3", "qwen3"] }),
    startMockOpenAI({ hangModels: true }),
    startMockOpenAI({ models: null }),
  ]);
  await createUser(ADA, { DATABASE_URL: database.url });
  await createUser(BABBAGE, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: envServer.baseURL,
    OPENAI_API_KEY: ENV_KEY,
    OPENAI_MODEL: "mock-model",
    MODELS_TIMEOUT_MS: String(TIMEOUT_MS),
    MODELS_CACHE_SECONDS: "1",
  });
  admin = await loggedInClient(app.url, ADA.username, ADA.password);
  user = await loggedInClient(app.url, BABBAGE.username, BABBAGE.password);
});

afterAll(async () => {
  await app?.stop();
  await Promise.all([envServer, lab, hanging, unlisted].map((server) => server?.close()));
  await database?.drop();
});

/** Reads a JSON answer, keeping its text to check later that no key was ever in one. */
async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  responses.push(text);
  return JSON.parse(text) as T;
}

const models = async (client: Client = user) => json<Model[]>(await client.fetch("/api/models"));

async function addConnection(body: Record<string, unknown>): Promise<Connection> {
  const response = await admin.postJson("/api/admin/connections", body);
  expect(response.status).toBe(201);
  return json<Connection>(response);
}

const patch = (client: Client, url: string, body: unknown) =>
  client.fetch(url, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("GET /api/models", () => {
  it("lists the environment's models, with exactly one default (OPENAI_MODEL), for a session or a token", async () => {
    const listed = await models();
    expect(listed.map((model) => model.id)).toEqual(["mock-model", "mock-large"]);
    expect(listed.filter((model) => model.default).map((model) => model.id)).toEqual(["mock-model"]);
    expect(listed.every((model) => model.available)).toBe(true);
    const token = await createApiToken(user, "models script");
    const byToken = await models(new TokenClient(app.url, token.token));
    expect(byToken.map((model) => model.id)).toEqual(["mock-model", "mock-large"]);
    expect((await fetch(`${app.url}/api/models`)).status).toBe(401);
  });
});

describe("connections", () => {
  it("the environment's is listed read-only, with its key never shown, and cannot be changed", async () => {
    const listed = await json<Connection[]>(await admin.fetch("/api/admin/connections"));
    expect(listed[0]).toMatchObject({
      id: "env",
      source: "env",
      base_url: envServer.baseURL,
      has_key: true,
      enabled: true,
      status: "ok",
      models: ["mock-model", "mock-large"],
    });
    expect((await patch(admin, "/api/admin/connections/env", { enabled: false })).status).toBe(409);
    const removed = await admin.fetch("/api/admin/connections/env", { method: "DELETE" });
    expect(removed.status).toBe(409);
    expect(await json(removed)).toMatchObject({ code: "conflict:connection" });
    expect((await models()).map((model) => model.id)).toContain("mock-model");
  });

  it("an administrator adds one: its key is sealed in the database, used on its requests, and its models join the list", async () => {
    const created = await addConnection({
      name: "Lab vLLM",
      base_url: lab.baseURL,
      api_key: LAB_KEY,
      prefix: "lab",
    });
    expect(created).toMatchObject({
      name: "Lab vLLM",
      source: "admin",
      has_key: true,
      prefix: "lab",
      enabled: true,
      status: "ok",
      models: ["llama3", "qwen3"],
    });
    expect(created).not.toHaveProperty("api_key");
    const listed = await models();
    expect(listed.filter((model) => model.connection === "Lab vLLM").map((model) => model.id)).toEqual([
      "lab/llama3",
      "lab/qwen3",
    ]);
    expect(listed.filter((model) => model.default)).toHaveLength(1);

    const stored = await query<{ api_key: string }>(database.url, `SELECT "api_key" FROM "connections"`);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.api_key).not.toContain(LAB_KEY);

    // A chat with its model goes to its server, under the upstream id, with its key.
    const sessionId = await user.newSession();
    const reply = await user.postJson("/api", {
      data: "Hello lab",
      session_id: sessionId,
      model: "lab/llama3",
    });
    expect(reply.status).toBe(200);
    const sent = lab.requests.find((request) => JSON.stringify(request.messages).includes("Hello lab"));
    expect(sent).toMatchObject({ model: "llama3", authorization: `Bearer ${LAB_KEY}` });
    const history = (await json<{ history: { role: string; model: string | null }[] }>(reply)).history;
    // The reply records the model by the id users pick it by.
    expect(history.at(-1)).toMatchObject({ role: "assistant", model: "lab/llama3" });
    // From that turn on, the conversation uses it.
    const conversation = await json<{ model: string }>(await user.fetch(`/api/sessions/${sessionId}`));
    expect(conversation.model).toBe("lab/llama3");
    await user.postJson("/api", { data: "Again lab", session_id: sessionId });
    expect(lab.requests.some((request) => JSON.stringify(request.messages).includes("Again lab"))).toBe(true);
  });

  it("refuses a prefix another connection uses (409) and an address that is not http(s) or holds a password (400)", async () => {
    const taken = await admin.postJson("/api/admin/connections", {
      name: "Again",
      base_url: lab.baseURL,
      prefix: "lab",
    });
    expect(taken.status).toBe(409);
    expect(await json(taken)).toMatchObject({ code: "conflict:connection" });
    for (const base_url of [
      "ftp://example.com/v1",
      "javascript:alert(1)",
      "not a url",
      "http://me:secret@example.com/v1",
    ]) {
      const refused = await admin.postJson("/api/admin/connections", { name: "Bad", base_url });
      expect(refused.status, base_url).toBe(400);
      expect((await json<{ error: string }>(refused)).error).toMatch(/base_url/);
    }
    expect((await admin.postJson("/api/admin/connections", { name: "No url" })).status).toBe(400);
    // Users may not see or change connections.
    expect((await user.fetch("/api/admin/connections")).status).toBe(403);
    expect(
      (await user.postJson("/api/admin/connections", { name: "Mine", base_url: lab.baseURL })).status,
    ).toBe(403);
  });

  it("a server that refuses connections and one that hangs delay the list by at most the timeout, and the rest is there", async () => {
    const closedPort = await freePort();
    await addConnection({
      name: "Dead",
      base_url: `http://127.0.0.1:${closedPort}/v1`,
      prefix: "dead",
      models: ["ghost"],
    });
    await addConnection({ name: "Hung", base_url: hanging.baseURL, prefix: "hung", models: ["sloth"] });
    const started = Date.now();
    const listed = await models();
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_500);
    expect(listed.find((model) => model.id === "lab/llama3")?.available).toBe(true);
    expect(listed.find((model) => model.id === "mock-model")?.available).toBe(true);
    const dead = listed.find((model) => model.id === "dead/ghost");
    const hung = listed.find((model) => model.id === "hung/sloth");
    expect(dead).toMatchObject({ available: false, connection: "Dead" });
    expect(dead?.reason).toMatch(/down/);
    expect(hung).toMatchObject({ available: false, reason: expect.stringMatching(/No answer within 1 s/) });

    // Later calls answer from the cache while the servers are asked again behind it.
    for (let i = 0; i < 3; i++) {
      const again = Date.now();
      await models();
      expect(Date.now() - again).toBeLessThan(TIMEOUT_MS);
    }
    const listedConnections = await json<Connection[]>(await admin.fetch("/api/admin/connections"));
    expect(listedConnections.find((connection) => connection.name === "Hung")).toMatchObject({
      status: "down",
    });

    // A chat with a model whose server is down fails as a model failure, not a crash.
    const sessionId = await user.newSession();
    expect(
      (await user.postJson("/api", { data: "Anyone there?", session_id: sessionId, model: "dead/ghost" }))
        .status,
    ).toBe(502);
  });

  it("a server that goes down keeps its last list, marked unavailable, and comes back when it answers again", async () => {
    const flaky = await startMockOpenAI({ models: ["flaky-1"] });
    const port = new URL(flaky.url).port;
    await addConnection({ name: "Flaky", base_url: flaky.baseURL, prefix: "flaky" });
    expect((await models()).find((model) => model.id === "flaky/flaky-1")?.available).toBe(true);
    await flaky.close();
    const down = await waitFor(async () => {
      const model = (await models()).find((candidate) => candidate.id === "flaky/flaky-1");
      return model && !model.available ? model : undefined;
    });
    expect(down.reason).toMatch(/down/);
    const back = await startMockOpenAI({ models: ["flaky-1"], port: Number(port) });
    try {
      await waitFor(async () =>
        (await models()).find((model) => model.id === "flaky/flaky-1")?.available ? true : undefined,
      );
    } finally {
      await back.close();
    }
  });

  it("a server that lists no models (some llama.cpp builds) works with the ids the administrator typed", async () => {
    const created = await addConnection({
      name: "llama.cpp",
      base_url: unlisted.baseURL,
      prefix: "cpp",
      models: ["local.gguf"],
    });
    expect(created).toMatchObject({ status: "ok", models: ["local.gguf"] });
    expect((await models()).find((model) => model.id === "cpp/local.gguf")).toMatchObject({
      available: true,
    });
    const sessionId = await user.newSession();
    const reply = await user.postJson("/api", {
      data: "Hello cpp",
      session_id: sessionId,
      model: "cpp/local.gguf",
    });
    expect(reply.status).toBe(200);
    expect(unlisted.requests.at(-1)?.model).toBe("local.gguf");
  });

  it("a server that refuses stream_options is asked again without it, remembered, and its usage estimated", async () => {
    const old = await startMockOpenAI({ models: ["old-vllm"], refuseStreamOptions: true });
    try {
      await addConnection({ name: "Old vLLM", base_url: old.baseURL, prefix: "old" });
      const sessionId = await user.newSession();
      const first = await user.postJson("/api", {
        data: "Old server, first",
        session_id: sessionId,
        model: "old/old-vllm",
      });
      expect(first.status).toBe(200);
      const replies = () => old.requests.filter((request) => !isSummaryRequest(request));
      expect(replies().map((request) => Boolean(request.stream_options))).toEqual([true, false]);
      const history = (await json<{ history: { usage: { estimated: boolean } | null }[] }>(first)).history;
      expect(history.at(-1)?.usage?.estimated).toBe(true);
      expect(
        (await user.postJson("/api", { data: "Old server, second", session_id: sessionId })).status,
      ).toBe(200);
      expect(replies().map((request) => Boolean(request.stream_options))).toEqual([true, false, false]);
    } finally {
      await old.close();
    }
  });

  it("a server whose address redirects (307) is followed there, its streamed and whole replies intact", async () => {
    const moved = await startMockOpenAI({ models: ["moved-model"] });
    const target = new URL(moved.baseURL).origin;
    const redirected: string[] = [];
    const redirector = createServer((request, response) => {
      redirected.push(`${request.method} ${request.url}`);
      response.writeHead(307, { location: `${target}${request.url}` }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
    const { port } = redirector.address() as AddressInfo;
    try {
      const created = await addConnection({
        name: "Behind a redirect",
        base_url: `http://127.0.0.1:${port}/v1`,
        prefix: "moved",
      });
      expect(created).toMatchObject({ status: "ok", models: ["moved-model"] });
      const sessionId = await user.newSession();
      const streamed = await collect(
        await user.postJson(
          "/api",
          { data: "Through the redirect, streamed", session_id: sessionId, model: "moved/moved-model" },
          { accept: "text/event-stream" },
        ),
      );
      expect(streamed.done?.message).toMatchObject({
        status: "complete",
        content: expectedReply("Through the redirect, streamed", 1),
      });
      const whole = await user.postJson("/api", {
        data: "Through the redirect, whole",
        session_id: sessionId,
      });
      expect(whole.status).toBe(200);
      expect((await json<{ data: string }>(whole)).data).toBe(
        expectedReply("Through the redirect, whole", 3),
      );
      const replies = moved.requests.filter((request) => !isSummaryRequest(request));
      expect(replies.map((request) => request.messages?.at(-1)?.content)).toEqual([
        "Through the redirect, streamed",
        "Through the redirect, whole",
      ]);
      expect(redirected).toContain("POST /v1/chat/completions");
    } finally {
      await new Promise((resolve) => redirector.close(resolve));
      await moved.close();
    }
  });

  it("a connection without a prefix cannot take over one of the environment's model ids", async () => {
    const shadow = await startMockOpenAI({ models: ["mock-model", "shadow-only"] });
    try {
      await addConnection({ name: "Shadow", base_url: shadow.baseURL });
      const listed = await models();
      expect(listed.filter((model) => model.id === "mock-model")).toEqual([
        expect.objectContaining({ connection: new URL(envServer.baseURL).host }),
      ]);
      expect(listed.find((model) => model.id === "shadow-only")).toBeDefined();
      const sessionId = await user.newSession();
      await user.postJson("/api", { data: "Who answers?", session_id: sessionId, model: "mock-model" });
      expect(shadow.requests).toHaveLength(0);
      expect(
        envServer.requests.some((request) => JSON.stringify(request.messages).includes("Who answers?")),
      ).toBe(true);
    } finally {
      await shadow.close();
    }
  });

  it("changing and removing a connection: PATCH changes what it lists, DELETE (204) takes its models away", async () => {
    const other = await startMockOpenAI({ models: ["one"] });
    try {
      const created = await addConnection({ name: "Temp", base_url: other.baseURL, prefix: "temp" });
      const renamed = await patch(admin, `/api/admin/connections/${created.id}`, {
        name: "Temporary",
        prefix: "tmp",
      });
      expect(renamed.status).toBe(200);
      expect(await json(renamed)).toMatchObject({ name: "Temporary", prefix: "tmp", has_key: false });
      expect((await models()).map((model) => model.id)).toContain("tmp/one");
      const off = await patch(admin, `/api/admin/connections/${created.id}`, { enabled: false });
      expect(await json(off)).toMatchObject({ enabled: false });
      expect((await models()).find((model) => model.id === "tmp/one")).toBeUndefined();
      expect((await patch(admin, `/api/admin/connections/${created.id}`, { enabled: true })).status).toBe(
        200,
      );
      const deleted = await admin.fetch(`/api/admin/connections/${created.id}`, { method: "DELETE" });
      expect(deleted.status).toBe(204);
      expect((await models()).map((model) => model.id)).not.toContain("tmp/one");
      expect((await admin.fetch(`/api/admin/connections/${created.id}`, { method: "DELETE" })).status).toBe(
        404,
      );
    } finally {
      await other.close();
    }
  });
});

describe("models an administrator changes", () => {
  it("renames one and makes another the default, then gives the default back to OPENAI_MODEL's", async () => {
    const renamed = await patch(admin, `/api/admin/models/${encodeURIComponent("lab/qwen3")}`, {
      name: "Qwen 3 (lab)",
    });
    expect(renamed.status).toBe(200);
    expect((await models()).find((model) => model.id === "lab/qwen3")?.name).toBe("Qwen 3 (lab)");

    expect((await patch(admin, "/api/admin/models/lab/llama3", { default: true })).status).toBe(200);
    const listed = await models();
    expect(listed.filter((model) => model.default).map((model) => model.id)).toEqual(["lab/llama3"]);
    // A conversation without a model of its own uses the default.
    const sessionId = await user.newSession();
    await user.postJson("/api", { data: "Default goes to the lab", session_id: sessionId });
    expect(
      lab.requests.some((request) => JSON.stringify(request.messages).includes("Default goes to the lab")),
    ).toBe(true);

    expect((await patch(admin, "/api/admin/models/mock-model", { default: true })).status).toBe(200);
    expect((await models()).filter((model) => model.default).map((model) => model.id)).toEqual([
      "mock-model",
    ]);
    expect((await patch(admin, "/api/admin/models/no-such-model", { enabled: false })).status).toBe(404);
    expect((await patch(user, "/api/admin/models/mock-model", { enabled: false })).status).toBe(403);
  });

  it("a disabled model is not listed and is refused (400, naming it) on every path that calls a model", async () => {
    // A conversation and a preset that chose it while it could be used.
    const sessionId = await user.newSession();
    expect(
      (await user.postJson("/api", { data: "Qwen before", session_id: sessionId, model: "lab/qwen3" }))
        .status,
    ).toBe(200);
    expect(
      (await patch(admin, `/api/admin/models/${encodeURIComponent("lab/qwen3")}`, { enabled: false })).status,
    ).toBe(200);

    expect((await models()).map((model) => model.id)).not.toContain("lab/qwen3");
    const adminList = await json<{ id: string; enabled: boolean }[]>(await admin.fetch("/api/admin/models"));
    expect(adminList.find((model) => model.id === "lab/qwen3")).toMatchObject({ enabled: false });

    for (const model of ["lab/qwen3", "nobody/knows"]) {
      const fresh = await user.newSession();
      const attempts: [string, Response][] = [
        ["POST /api", await user.postJson("/api", { data: "hi", session_id: fresh, model })],
        ["POST /api/new-session", await user.postJson("/api/new-session", { model })],
        ["PATCH /api/sessions/<id>", await patch(user, `/api/sessions/${fresh}`, { model })],
        ["POST /api/presets", await user.postJson("/api/presets", { name: "p", system_prompt: "s", model })],
      ];
      for (const [path, response] of attempts) {
        expect(response.status, `${path} with ${model}`).toBe(400);
        const body = await json<{ error: string; code: string }>(response);
        expect(body.error).toContain(model);
        expect(body.code).toBe("bad_request:model");
      }
    }
    // The conversation that had chosen it can neither go on, nor regenerate, nor edit with it.
    for (const [path, body] of [
      ["/api", { data: "Qwen after", session_id: sessionId }],
      [`/api/sessions/${sessionId}/regenerate`, {}],
      [`/api/sessions/${sessionId}/edit`, { data: "Qwen edited" }],
    ] as const) {
      const response = await user.postJson(path, body);
      expect(response.status, path).toBe(400);
      expect((await json<{ error: string }>(response)).error).toContain("lab/qwen3");
    }
    expect(lab.requests.some((request) => JSON.stringify(request.messages).includes("Qwen after"))).toBe(
      false,
    );
    // Picking another model lets it go on.
    expect((await patch(user, `/api/sessions/${sessionId}`, { model: null })).status).toBe(200);
    expect((await user.postJson("/api", { data: "Qwen after, default", session_id: sessionId })).status).toBe(
      200,
    );

    expect(
      (await patch(admin, `/api/admin/models/${encodeURIComponent("lab/qwen3")}`, { enabled: true })).status,
    ).toBe(200);
    expect((await models()).map((model) => model.id)).toContain("lab/qwen3");
  });
});

describe("API keys", () => {
  it("appear in no response, audit entry or log line", async () => {
    responses.push(await (await admin.fetch("/api/admin/audit")).text());
    responses.push(await (await admin.fetch("/admin")).text());
    responses.push(await (await admin.fetch("/api/export")).text());
    const log = readFileSync(path.join(ROOT, "test-results", "logs", `app-${app.port}.log`), "utf8");
    for (const text of [...responses, log]) {
      expect(text).not.toContain(ENV_KEY);
      expect(text).not.toContain(LAB_KEY);
    }
    expect(responses.join("\n")).toContain("has_key");
  });
});
