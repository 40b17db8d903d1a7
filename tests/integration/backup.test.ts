// npm run backup: a consistent copy of the SQLite database taken while the app is busy, which a
// server then runs from with every message that had been saved; on Postgres it says to use pg_dump.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, ROOT, startApp } from "../fixtures/app-server";
import { query } from "../fixtures/db-query";
import { type Client, loggedInClient } from "../fixtures/http-client";
import { type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase, testDatabaseProvider } from "../fixtures/test-database";
import { ADA, createUser } from "../fixtures/users";

const provider = testDatabaseProvider();
let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;
let ada: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  await createUser(ADA, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: database.url, OPENAI_BASE_URL: mock.baseURL, OPENAI_MODEL: "mock" });
  ada = await loggedInClient(app.url, ADA.username, ADA.password);
});

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

function backup(file: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", "backup", "--", file], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: database.url },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (status) => resolve({ status, output }));
  });
}

describe(`npm run backup on ${provider}`, () => {
  it(
    provider === "sqlite"
      ? "copies the database mid-traffic, and a server run from the copy has every message saved before it"
      : "says how to back up Postgres instead, and copies nothing",
    async () => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), "backup-")), "copy.db");
      if (provider !== "sqlite") {
        const refused = await backup(file);
        expect(refused.status).toBe(2);
        expect(refused.output).toMatch(/pg_dump/);
        return;
      }
      const sessionId = await ada.newSession();
      const saved: { text: string; at: number }[] = [];
      let running = true;
      const writers = [0, 1, 2].map(async (writer) => {
        for (let turn = 0; running; turn++) {
          const text = `writer ${writer} turn ${turn}`;
          const response = await ada.postJson("/api", { data: text, session_id: sessionId });
          if (response.status === 200) saved.push({ text, at: Date.now() });
        }
      });
      await expect.poll(() => saved.length, { timeout: 20_000 }).toBeGreaterThan(20);
      const startedAt = Date.now();
      const copied = await backup(file);
      running = false;
      await Promise.all(writers);
      expect(copied.status).toBe(0);
      const before = saved.filter((entry) => entry.at < startedAt).map((entry) => entry.text);
      const inCopy = new Set(
        (
          await query<{ content: string }>(
            `file:${file}`,
            `SELECT "content" FROM "messages" WHERE "role" = 'user'`,
          )
        ).map((row) => row.content),
      );
      expect(before.filter((text) => !inCopy.has(text))).toEqual([]);
      expect(saved.length).toBeGreaterThan(before.length);

      // A server runs from the copy: it is a whole database, not half of one.
      const restored = await startApp({
        DATABASE_URL: `file:${file}`,
        OPENAI_BASE_URL: mock.baseURL,
        OPENAI_MODEL: "mock",
      });
      try {
        const client = await loggedInClient(restored.url, ADA.username, ADA.password);
        const listed = (await (await client.fetch("/api/sessions")).json()) as { session_id: string }[];
        expect(listed.map((entry) => entry.session_id)).toContain(sessionId);
        expect(
          (await client.postJson("/api", { data: "After the restore", session_id: sessionId })).status,
        ).toBe(200);
      } finally {
        await restored.stop();
      }
      // And it will not write over a file that exists.
      expect((await backup(file)).status).toBe(1);
    },
  );
});
