import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../../fixtures/app-server";
import { query } from "../../fixtures/db-query";
import { type Client, loggedInClient } from "../../fixtures/http-client";
import { createTestDatabase, type TestDatabase } from "../../fixtures/test-database";
import { ADA, createUser } from "../../fixtures/users";

let database: TestDatabase;
let app: AppServer;
let ada: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  await createUser(ADA, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: database.url });
  ada = await loggedInClient(app.url, ADA.username, ADA.password);
});

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

type Message = { id?: string; role: "user" | "assistant"; content: string; timestamp: string };

function exportFile(conversations: { title: string; messages: Message[] }[]) {
  const at = new Date(Date.now() - 3_600_000).toISOString();
  return {
    format: "chat-history-export",
    version: 1,
    conversations: conversations.map((conversation) => ({ ...conversation, created_at: at, updated_at: at })),
  };
}

const message = (role: Message["role"], content: string, id?: string): Message => ({
  ...(id ? { id } : {}),
  role,
  content,
  timestamp: new Date(Date.now() - 3_000_000).toISOString(),
});

async function conversationCount(): Promise<number> {
  const [row] = await query<{ n: number | string }>(
    database.url,
    `SELECT count(*) AS "n" FROM "conversations"`,
  );
  return Number(row?.n);
}

describe("POST /api/import", () => {
  it("a 50 MB import keeps the server answering: /api/health stays under 200 ms all along", async () => {
    const word = "Lorem-ipsum-dolor-sit-amet-";
    const content = `${"analytical engine lovelace difference ".repeat(20)}${word.repeat(10)}`;
    const conversations = Array.from({ length: 250 }, (_, c) => ({
      title: `Imported ${c}`,
      messages: Array.from({ length: 180 }, (_, m) =>
        message(
          m % 2 ? "assistant" : "user",
          `${c}.${m} ${c === 249 && m === 179 ? "zeugma " : ""}${content}`,
        ),
      ),
    }));
    const body = JSON.stringify(exportFile(conversations));
    expect(body.length).toBeGreaterThan(45 * 1024 * 1024);
    expect(body.length).toBeLessThan(50 * 1024 * 1024);

    // Sent a slice at a time, so that this process, which also times the health checks, is not
    // busy writing 50 MB in one go.
    const bytes = Buffer.from(body);
    const upload = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 256 * 1024)
          controller.enqueue(bytes.subarray(at, at + 256 * 1024));
        controller.close();
      },
    });
    let importing = true;
    const importDone = ada
      .fetch("/api/import", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: upload,
        duplex: "half",
      } as RequestInit)
      .finally(() => {
        importing = false;
      });
    const latencies: number[] = [];
    while (importing) {
      const started = performance.now();
      expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
      latencies.push(performance.now() - started);
    }
    const response = await importDone;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { imported: number }).imported).toBe(250);
    expect(latencies.length).toBeGreaterThan(10);
    expect(Math.max(...latencies)).toBeLessThan(200);
    const [stored] = await query<{ n: number | string }>(
      database.url,
      `SELECT count(*) AS "n" FROM "messages"`,
    );
    expect(Number(stored?.n)).toBe(250 * 180);

    // The search index takes the backlog in paced batches; a search waits for all of it, so that
    // the last message imported is found at once.
    const found = await ada.fetch("/api/search?q=zeugma");
    expect(found.status).toBe(200);
    const hits = (await found.json()) as { snippet: string }[];
    expect(hits).toHaveLength(1);
    expect(hits[0]?.snippet).toContain("zeugma");
  }, 180_000);

  it("applies MAX_MESSAGE_CHARS to imported messages, and imports nothing from such a file", async () => {
    const before = await conversationCount();
    const response = await ada.postJson(
      "/api/import",
      exportFile([
        { title: "fine", messages: [message("user", "short")] },
        { title: "too long", messages: [message("user", "ok"), message("user", "y".repeat(100_001))] },
      ]),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /conversations\[1\]\.messages\[1\]\.content: has 100,001 characters; a message has at most 100,000/,
    );
    expect(await conversationCount()).toBe(before);
  });

  it("refuses duplicate message ids with a 400 naming them, and imports nothing", async () => {
    const before = await conversationCount();
    const id = "0190a000-0000-7000-8000-00000000abcd";
    const response = await ada.postJson(
      "/api/import",
      exportFile([
        { title: "one", messages: [message("user", "a", id)] },
        { title: "two", messages: [message("user", "b", id.toUpperCase())] },
      ]),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/appears twice/);
    expect(await conversationCount()).toBe(before);
  });

  it("refuses malformed and cut-off JSON, and a body that is not declared as a file", async () => {
    const before = await conversationCount();
    const valid = JSON.stringify(exportFile([{ title: "cut", messages: [message("user", "hello")] }]));
    for (const broken of [
      "{",
      valid.slice(0, valid.length - 5),
      `${valid} trailing`,
      '{"format": "chat-history-export", "version": 1, "conversations": {"a": {}}}',
    ]) {
      const response = await ada.postJson("/api/import", broken);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { code: string }).code).toBe("bad_request:import");
    }
    const plain = await ada.fetch("/api/import", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: valid,
    });
    expect(plain.status).toBe(415);
    expect(await conversationCount()).toBe(before);
  });
});
