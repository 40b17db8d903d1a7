import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, ROOT, startApp } from "../fixtures/app-server";
import { loggedInClient } from "../fixtures/http-client";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, createUser } from "../fixtures/users";

function startExpectingFailure(env: Record<string, string>) {
  return spawnSync("npm", ["start", "--silent"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("an app with no model and no NEXTAUTH_SECRET configured", () => {
  let database: TestDatabase;
  let app: AppServer;

  beforeAll(async () => {
    // An empty database: the app itself creates the schema when it starts.
    database = await createTestDatabase();
    app = await startApp({
      DATABASE_URL: database.url,
      NEXTAUTH_SECRET: "",
      OPENAI_API_KEY: "",
      OPENAI_BASE_URL: "",
    });
    createUser(ADA, { DATABASE_URL: database.url });
  });

  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it("generates a strong secret once, readable only by its owner", () => {
    const file = path.join(app.env.DATA_DIR as string, "nextauth-secret");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim().length).toBeGreaterThanOrEqual(32);
  });

  it("still starts, and POST /api answers 503 saying how to configure a model", async () => {
    const ada = await loggedInClient(app.url, ADA.username, ADA.password);
    const sessionId = await ada.newSession();
    const response = await ada.postJson("/api", { data: "hello?", session_id: sessionId });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toMatch(/OPENAI_API_KEY.*OPENAI_BASE_URL/);
    const page = await (await ada.fetch("/interact_history")).text();
    expect(page).toContain("No language model is configured");
  });
});

describe("configuration that the app refuses", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it.each(["changeme", "secret", "short-secret-123"])(
    "refuses to start in production with NEXTAUTH_SECRET=%s",
    (secret) => {
      const result = startExpectingFailure({ DATABASE_URL: database.url, NEXTAUTH_SECRET: secret });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain("NEXTAUTH_SECRET is too weak");
    },
  );

  it("names the variable that is wrong", () => {
    const result = startExpectingFailure({
      DATABASE_URL: database.url,
      MODEL_TIMEOUT_MS: "soon",
      OPENAI_BASE_URL: "not a url",
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("MODEL_TIMEOUT_MS");
    expect(result.stderr).toContain("OPENAI_BASE_URL");
  });
});
