import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, BUNDLE, freePort, ROOT, startApp } from "../fixtures/app-server";
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
    await createUser(ADA, { DATABASE_URL: database.url });
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

describe("settings in a .env file of the folder the app is started from", () => {
  let database: TestDatabase;
  let child: ReturnType<typeof spawn> | undefined;
  let folder: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    // A folder with nothing but its .env, which is read; the app is the bundle's.
    folder = mkdtempSync(path.join(tmpdir(), "chat-dotenv-"));
  });

  afterAll(async () => {
    if (child?.pid) {
      const exited = new Promise((resolve) => child?.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
    await database?.drop();
  });

  it("are used by npm start, PORT included", async () => {
    const port = await freePort();
    writeFileSync(
      path.join(folder, ".env"),
      [`PORT=${port}`, `DATABASE_URL=${database.url}`, `DATA_DIR=${path.join(folder, "data")}`, ""].join(
        "\n",
      ),
    );
    const {
      PORT: _port,
      DATABASE_URL: _url,
      DATA_DIR: _dir,
      NEXTAUTH_URL: _nextauth,
      ...inherited
    } = process.env;
    child = spawn(
      "sh",
      ["-c", `node ${BUNDLE}/server/migrate.mjs --production && node ${BUNDLE}/server/main.mjs`],
      { cwd: folder, env: inherited, detached: true, stdio: "ignore" },
    );
    const deadline = Date.now() + 60_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (response) => response.status,
        () => 0,
      );
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
  }, 90_000);
});
