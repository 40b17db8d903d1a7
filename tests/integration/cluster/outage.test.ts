// Postgres unreachable for a while, mid-reply (a proxy the test controls cuts the app's every
// connection to it and refuses new ones): requests answer 503, the reply goes on streaming to its
// reader and is stored once the database is back, and the app recovers by itself.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readEvents } from "@/lib/chat/read-events";
import { type AppServer, startApp } from "../../fixtures/app-server";
import { messagesOf } from "../../fixtures/db-query";
import { loggedInClient } from "../../fixtures/http-client";
import { expectedReply, type MockOpenAI, startMockOpenAI } from "../../fixtures/mock-openai";
import { waitFor } from "../../fixtures/sse";
import { startTcpProxy, type TcpProxy } from "../../fixtures/tcp-proxy";
import { createTestDatabase, type TestDatabase } from "../../fixtures/test-database";
import { ADA, createUser } from "../../fixtures/users";

let database: TestDatabase;
let mock: MockOpenAI;
let proxy: TcpProxy;
let app: AppServer;

beforeAll(async () => {
  database = await createTestDatabase();
  if (database.provider !== "postgres")
    throw new Error("The outage test needs Postgres (DATABASE_URL=postgres://…)");
  mock = await startMockOpenAI();
  const direct = new URL(database.url);
  proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const throughProxy = new URL(database.url);
  throughProxy.port = String(proxy.port);
  await createUser(ADA, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: throughProxy.toString(), OPENAI_BASE_URL: mock.baseURL });
});

afterAll(async () => {
  await proxy?.restore().catch(() => {});
  await app?.stop();
  await proxy?.close();
  await mock?.close();
  await database?.drop();
});

it("a reply written while Postgres is down streams on and is stored when it is back; requests meanwhile answer 503", async () => {
  const ada = await loggedInClient(app.url, ADA.username, ADA.password);
  const sessionId = await ada.newSession();
  const text = `${"A reply that outlives the database's absence. ".repeat(3)}[[delay:60]]`;
  const response = await ada.postJson(
    "/api",
    { data: text, session_id: sessionId },
    { accept: "text/event-stream" },
  );
  expect(response.status).toBe(200);

  const expected = expectedReply(text, 1);
  let streamed = "";
  let done: { message: { status: string; content: string } } | undefined;
  let cutDone = false;
  for await (const event of readEvents(response)) {
    if (event.event === "delta") {
      streamed += (event.data as { text: string }).text;
      if (!cutDone) {
        cutDone = true;
        await proxy.cut();
        // Meanwhile: clear answers, not 500s.
        const sessions = await ada.fetch("/api/sessions");
        expect(sessions.status).toBe(503);
        expect(await sessions.json()).toMatchObject({ code: "unavailable:database" });
        const another = await ada.postJson("/api", { data: "Hello?", session_id: sessionId });
        expect(another.status).toBe(503);
        expect((await fetch(`${app.url}/api/health`)).status).toBe(503);
        // A page fails with 503 too, without showing why (the browser shows app/error.tsx's words).
        const page = await ada.fetch("/interact_history");
        const html = await page.text();
        expect(page.status).toBe(503);
        expect(page.headers.get("retry-after")).toBe("5");
        expect(html).not.toMatch(/reach database server|prisma|ECONNREFUSED/i);
      }
      // The whole reply has reached its reader, and storing it failed: now the database comes back.
      if (streamed === expected) {
        await waitFor(async () =>
          readFileSync(app.logFile, "utf8").includes("storing the reply failed; trying again")
            ? true
            : undefined,
        );
        await proxy.restore();
      }
    }
    if (event.event === "done") done = event.data as typeof done;
  }
  expect(streamed).toBe(expected);
  expect(done?.message).toMatchObject({ status: "complete", content: expected });
  const [, stored] = await messagesOf(database.url, sessionId);
  expect(stored).toMatchObject({ status: "complete", content: expected });

  // The app recovers by itself.
  await waitFor(async () => ((await ada.fetch("/api/sessions")).status === 200 ? true : undefined));
  const next = await ada.postJson("/api", { data: "Still there?", session_id: sessionId });
  expect(next.status).toBe(200);
  expect((await ada.fetch("/interact_history")).status).toBe(200);
});
