// Three instances on one Postgres behind a real load balancer (HAProxy, round-robin, no sticky
// sessions): they behave as one. Postgres only: SQLite is one instance.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEvents } from "@/lib/chat/read-events";
import { type AppServer, ROOT, startApp } from "../../fixtures/app-server";
import { type Balancer, startBalancer } from "../../fixtures/balancer";
import { messagesOf, query } from "../../fixtures/db-query";
import { Client, createApiToken, loggedInClient, TokenClient } from "../../fixtures/http-client";
import { expectedReply, type MockOpenAI, startMockOpenAI } from "../../fixtures/mock-openai";
import { collect, waitFor } from "../../fixtures/sse";
import { createTestDatabase, type TestDatabase } from "../../fixtures/test-database";
import { ADA, createUser } from "../../fixtures/users";

let database: TestDatabase;
let mock: MockOpenAI;
let instances: AppServer[] = [];
let balancer: Balancer;

const LOGIN_MAX_FAILURES = 3;
const MESSAGES_PER_DAY = 3;
const STREAM_STALE_MS = 1_500;

beforeAll(async () => {
  database = await createTestDatabase();
  if (database.provider !== "postgres") {
    throw new Error("The cluster tests need Postgres: run them with DATABASE_URL=postgres://…");
  }
  mock = await startMockOpenAI();
  const shared = {
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: mock.baseURL,
    NEXTAUTH_SECRET: "cluster-test-secret-that-is-long-enough-0123456789",
    TRUST_PROXY: "loopback",
    LOGIN_MAX_FAILURES: String(LOGIN_MAX_FAILURES),
    MESSAGES_PER_DAY: String(MESSAGES_PER_DAY),
    STREAM_STALE_MS: String(STREAM_STALE_MS),
  };
  // Started at the same moment, on an empty database: each one runs the migrations (npm start).
  instances = await Promise.all([0, 1, 2].map(() => startApp(shared)));
  balancer = await startBalancer(instances.map((instance) => instance.port));
  await createUser(ADA, { DATABASE_URL: database.url });
}, 180_000);

afterAll(async () => {
  await balancer?.stop();
  await Promise.all(instances.map((instance) => instance.stop()));
  await mock?.close();
  await database?.drop();
});

let users = 0;
async function newUser(): Promise<{ username: string; password: string }> {
  const user = { username: `user${++users}`, password: `password-of-user-${users}` };
  await createUser(user, { DATABASE_URL: database.url });
  return user;
}

/** The same login, sent to one instance directly. */
function on(instance: AppServer, client: Client): Client {
  const direct = new Client(instance.url);
  direct.setCookies(client.cookieHeader());
  return direct;
}

/** Which instance served the request with this id (each logs its requests' ids). */
function servedBy(requestId: string): number {
  return instances.findIndex((instance) => readFileSync(instance.logFile, "utf8").includes(requestId));
}

async function statusOnEach(client: Client, pathname = "/api/sessions"): Promise<number[]> {
  return Promise.all(instances.map(async (instance) => (await on(instance, client).fetch(pathname)).status));
}

it("three instances started at once on an empty database applied each migration once", async () => {
  const files = readdirSync(path.join(ROOT, "prisma", "migrations", "postgres")).filter((file) =>
    file.endsWith(".sql"),
  );
  const applied = await query<{ name: string }>(database.url, `SELECT "name" FROM "_migrations"`);
  expect(applied.length).toBeGreaterThan(0);
  expect(applied.length).toBe(files.length);
  for (const instance of instances) expect((await fetch(`${instance.url}/api/health`)).status).toBe(200);
});

describe("logins", () => {
  it("a login through the balancer works on every instance, and requests are spread over all three", async () => {
    const ada = await loggedInClient(balancer.url, ADA.username, ADA.password);
    expect(await statusOnEach(ada)).toEqual([200, 200, 200]);
    const ids = [0, 1, 2, 3, 4, 5].map((index) => `spread-${Date.now()}-${index}`);
    for (const id of ids) {
      expect((await ada.fetch("/api/sessions", { headers: { "x-request-id": id } })).status).toBe(200);
    }
    const servers = await waitFor(async () => {
      const found = ids.map(servedBy);
      return found.every((index) => index >= 0) ? new Set(found) : undefined;
    });
    expect(servers.size).toBe(3);
  });

  it("logging out through the balancer ends the login on every instance at once", async () => {
    const ada = await loggedInClient(balancer.url, ADA.username, ADA.password);
    const copy = new Client(balancer.url);
    copy.setCookies(ada.cookieHeader());
    expect((await ada.fetch("/logout", { method: "POST" })).status).toBe(303);
    expect(await statusOnEach(copy)).toEqual([401, 401, 401]);
  });

  it("log out everywhere, a password change, disabling a user and revoking a token hold on every instance at once", async () => {
    const user = await newUser();
    const first = await loggedInClient(balancer.url, user.username, user.password);
    const second = await loggedInClient(balancer.url, user.username, user.password);
    expect((await second.postJson("/api/account/logout-everywhere", {})).status).toBeLessThan(300);
    expect(await statusOnEach(first)).toEqual([401, 401, 401]);

    const third = await loggedInClient(balancer.url, user.username, user.password);
    const fourth = await loggedInClient(balancer.url, user.username, user.password);
    const changed = await fourth.postJson("/api/account/password", {
      current_password: user.password,
      new_password: `${user.password}-changed`,
    });
    expect(changed.status).toBeLessThan(300);
    expect(await statusOnEach(third)).toEqual([401, 401, 401]);

    const fifth = await loggedInClient(balancer.url, user.username, `${user.password}-changed`);
    const { token, id } = await createApiToken(fifth, "cluster");
    const bearer = new TokenClient(balancer.url, token);
    expect((await bearer.fetch("/api/sessions")).status).toBe(200);
    expect((await fifth.fetch(`/api/tokens/${id}`, { method: "DELETE" })).status).toBeLessThan(300);
    const revoked = await Promise.all(
      instances.map(
        async (instance) => (await new TokenClient(instance.url, token).fetch("/api/sessions")).status,
      ),
    );
    expect(revoked).toEqual([401, 401, 401]);

    const admin = await loggedInClient(balancer.url, ADA.username, ADA.password);
    const listed = (await (await admin.fetch("/api/admin/users")).json()) as {
      id: string;
      username: string;
    }[];
    const target = listed.find((candidate) => candidate.username === user.username);
    expect(target).toBeDefined();
    expect((await admin.patchJson(`/api/admin/users/${target?.id}`, { disabled: true })).status).toBe(200);
    expect(await statusOnEach(fifth)).toEqual([401, 401, 401]);
  });

  it("failed logins count across instances: the limit holds whichever instance each guess reaches", async () => {
    const user = await newUser();
    const guesser = { "x-forwarded-for": "198.51.100.9" };
    const ids: string[] = [];
    for (let attempt = 0; attempt < LOGIN_MAX_FAILURES; attempt++) {
      const id = `guess-${Date.now()}-${attempt}`;
      ids.push(id);
      const client = new Client(balancer.url);
      await client.login(user.username, "not-the-password", { ...guesser, "x-request-id": id });
      expect(client.loggedIn).toBe(false);
    }
    const servers = await waitFor(async () => {
      const found = ids.map(servedBy);
      return found.every((index) => index >= 0) ? new Set(found) : undefined;
    });
    expect(servers.size).toBeGreaterThan(1);
    // The right password, from elsewhere, through any instance: locked.
    for (const instance of instances) {
      const client = new Client(instance.url);
      await client.login(user.username, user.password, { "x-forwarded-for": "198.51.100.10" });
      expect(client.loggedIn).toBe(false);
    }
  });
});

describe("quotas", () => {
  it("MESSAGES_PER_DAY counts across instances, parallel requests included", async () => {
    const user = await newUser();
    const client = await loggedInClient(balancer.url, user.username, user.password);
    const sessionId = await client.newSession();
    const answers = await Promise.all(
      [0, 1, 2, 3, 4].map((index) =>
        client.postJson("/api", { data: `Question ${index}`, session_id: sessionId }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    for (const instance of instances) {
      const more = await on(instance, client).postJson("/api", { data: "One more", session_id: sessionId });
      expect(more.status).toBe(429);
    }
  });
});

/** Reads a reply's stream, noting when each piece arrived and how much text there was then. */
function timedStream(response: Response) {
  const pieces: { at: number; length: number }[] = [];
  let text = "";
  let resolveFirst!: () => void;
  const first = new Promise<void>((resolve) => {
    resolveFirst = resolve;
  });
  const done = (async () => {
    let status: string | undefined;
    for await (const event of readEvents(response)) {
      if (event.event === "delta") {
        text += (event.data as { text: string }).text;
        pieces.push({ at: performance.now(), length: text.length });
        resolveFirst();
      }
      if (event.event === "done") status = (event.data as { message: { status: string } }).message.status;
    }
    resolveFirst();
    return { text, status, endedAt: performance.now() };
  })();
  return { pieces, first, done };
}

describe("replies", () => {
  it("a reply written on one instance is followed live from another, each piece within 100 ms", async () => {
    const ada = await loggedInClient(balancer.url, ADA.username, ADA.password);
    const [writer, reader] = [on(instances[0] as AppServer, ada), on(instances[1] as AppServer, ada)];
    const sessionId = await ada.newSession();
    const text = `${"Slowly, about the difference engine and its columns. ".repeat(2)}[[delay:150]]`;
    const written = timedStream(
      await writer.postJson("/api", { data: text, session_id: sessionId }, { accept: "text/event-stream" }),
    );
    await written.first;
    const resumed = await reader.fetch(`/api/sessions/${sessionId}/stream`, {
      headers: { accept: "text/event-stream" },
    });
    expect(resumed.status).toBe(200);
    const followed = timedStream(resumed);
    const [mine, theirs] = await Promise.all([written.done, followed.done]);
    expect(theirs.text).toBe(mine.text);
    expect(mine.text).toBe(expectedReply(text, 1));
    expect(theirs.status).toBe("complete");

    // Each piece the writer's reader got once the follower had caught up, the follower got too:
    // how much later?
    await followed.first;
    const joined = followed.pieces[0]?.at ?? 0;
    const later = written.pieces.filter((piece) => piece.at > joined);
    expect(later.length).toBeGreaterThan(5);
    const delays = later.map((piece) => {
      const caughtUp = followed.pieces.find((candidate) => candidate.length >= piece.length);
      return (caughtUp?.at ?? Number.POSITIVE_INFINITY) - piece.at;
    });
    expect(Math.max(...delays)).toBeLessThan(100);
  });

  it("Stop through another instance stops the reply within a second", async () => {
    const ada = await loggedInClient(balancer.url, ADA.username, ADA.password);
    const [writer, other] = [on(instances[0] as AppServer, ada), on(instances[2] as AppServer, ada)];
    const sessionId = await ada.newSession();
    const written = timedStream(
      await writer.postJson(
        "/api",
        { data: "Go on for ever [[endless]] [[delay:50]]", session_id: sessionId },
        { accept: "text/event-stream" },
      ),
    );
    await written.first;
    const askedAt = performance.now();
    const stop = await other.postJson(`/api/sessions/${sessionId}/stop`, {});
    expect(stop.status).toBe(200);
    expect(((await stop.json()) as { stopped: boolean }).stopped).toBe(true);
    const ended = await written.done;
    expect(ended.status).toBe("stopped");
    expect(ended.endedAt - askedAt).toBeLessThan(1_000);
    const [, reply] = await messagesOf(database.url, sessionId);
    expect(reply?.status).toBe("stopped");
    expect(reply?.content).toBe(ended.text);
  });

  it("an instance killed mid-reply leaves its text, marked interrupted once stale, and the conversation goes on through the others", async () => {
    const user = await newUser();
    const client = await loggedInClient(balancer.url, user.username, user.password);
    const victim = instances[2] as AppServer;
    const sessionId = await client.newSession();
    const text = `${"A long account of the Jacquard loom and its cards. ".repeat(5)}[[delay:100]]`;
    const response = await on(victim, client).postJson(
      "/api",
      { data: text, session_id: sessionId },
      { accept: "text/event-stream" },
    );
    const seen = await collect(response, 4);
    await waitFor(async () => {
      const [, reply] = await messagesOf(database.url, sessionId);
      return reply && reply.content.length >= seen.text.length ? true : undefined;
    });
    await victim.kill();
    instances = instances.filter((instance) => instance !== victim);

    const settled = await waitFor(async () => {
      // A request on its way to the killed instance fails, as it would for anyone: asked again.
      const shown = await client.fetch(`/api/sessions/${sessionId}`).catch(() => null);
      if (shown?.status !== 200) return undefined;
      const { messages } = (await shown.json()) as {
        messages: { role: string; status: string; content: string; error?: string }[];
      };
      const reply = messages.find((message) => message.role === "assistant");
      return reply && reply.status !== "streaming" ? reply : undefined;
    });
    expect(settled.status).toBe("error");
    expect(settled.error).toMatch(/Interrupted/);
    expect(settled.content.length).toBeGreaterThanOrEqual(seen.text.length);
    expect(expectedReply(text, 1).startsWith(settled.content)).toBe(true);

    for (let turn = 0; turn < 2; turn++) {
      const next = await client.postJson("/api", { data: `And then ${turn}`, session_id: sessionId });
      expect(next.status).toBe(200);
    }
    expect(await messagesOf(database.url, sessionId)).toHaveLength(6);
  });
});
