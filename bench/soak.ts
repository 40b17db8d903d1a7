// bench/soak: three instances of the production build on one Postgres behind HAProxy, driven by
// simulated users for a set time: each logs in through the balancer and chats, one streamed turn
// after another (a new conversation every few turns), and some drop their connection mid-reply. A
// third of the way in one instance is restarted (SIGTERM: it drains, then starts again); two thirds
// in another is killed (SIGKILL) and stays down. Then every conversation is read back and counted.
// Prints turns sent (the server said it had the message), turns stored, lost and duplicated (both
// must be 0), replies complete and interrupted, time to first token (p50, p95) and each instance's
// memory at the start and the end.
//
//   npm run bench:soak -- [users=50] [minutes=10]
// Needs `npm run build`, HAProxy, and Postgres (DATABASE_URL, default the local server).
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { readEvents } from "../lib/chat/read-events";
import { type AppServer, startApp } from "../tests/fixtures/app-server";
import { startBalancer } from "../tests/fixtures/balancer";
import { query } from "../tests/fixtures/db-query";
import { type Client, loggedInClient } from "../tests/fixtures/http-client";
import { startMockOpenAI } from "../tests/fixtures/mock-openai";
import { createTestDatabase } from "../tests/fixtures/test-database";
import { createUser } from "../tests/fixtures/users";
import { memoryMb, percentile, serverPid } from "./measure";

const users = Number(process.argv[2] ?? 50);
const minutes = Number(process.argv[3] ?? 10);
const durationMs = minutes * 60_000;
const TURNS_PER_CONVERSATION = 8;
const DROP_EVERY = 10; // about one turn in ten drops its connection after the first words
const STREAM_STALE_MS = 3_000;

process.env.DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/postgres";
const database = await createTestDatabase();
if (database.provider !== "postgres") throw new Error("The soak needs Postgres: DATABASE_URL=postgres://…");
const mock = await startMockOpenAI();
const env = {
  DATABASE_URL: database.url,
  OPENAI_BASE_URL: mock.baseURL,
  NEXTAUTH_SECRET: "soak-secret-that-is-long-enough-0123456789abcdef",
  TRUST_PROXY: "loopback",
  STREAM_STALE_MS: String(STREAM_STALE_MS),
  SHUTDOWN_GRACE_MS: "10000",
};
const instances: (AppServer | null)[] = await Promise.all([0, 1, 2].map(() => startApp(env)));
const balancer = await startBalancer(instances.map((instance) => (instance as AppServer).port));
const memoryAtStart = instances.map((instance) => memoryMb(serverPid((instance as AppServer).processGroup)));

const admin = { username: "soakadmin", password: "soak-admin-password-1" };
await createUser(admin, { DATABASE_URL: database.url });
const adminClient = await loggedInClient(balancer.url, admin.username, admin.password);
const accounts = Array.from({ length: users }, (_, index) => ({
  username: `soak${index}`,
  password: `soak-password-${index}`,
}));
for (const account of accounts) {
  const created = await adminClient.postJson("/api/admin/users", account);
  if (created.status !== 201) throw new Error(`creating ${account.username}: ${created.status}`);
}

type Counts = {
  sent: Set<string>;
  refused: number;
  dropped: number;
  cut: number;
  ttft: number[];
};
const counts: Counts = { sent: new Set(), refused: 0, dropped: 0, cut: 0, ttft: [] };
const conversationsOf: string[][] = accounts.map(() => []);
const endAt = Date.now() + durationMs;

/** One streamed turn; resolves once it is over for this client, however it ended. */
async function turn(client: Client, sessionId: string, marker: string, drop: boolean): Promise<void> {
  const started = performance.now();
  let response: Response;
  try {
    response = await client.postJson(
      "/api",
      { data: `Tell me about ${marker}, briefly, in a few plain words. [[delay:40]]`, session_id: sessionId },
      { accept: "text/event-stream" },
    );
  } catch {
    counts.refused++;
    return;
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    counts.refused++;
    return;
  }
  let firstWords = false;
  try {
    for await (const event of readEvents(response)) {
      if (event.event === "start") counts.sent.add(marker);
      if (event.event === "delta" && !firstWords) {
        firstWords = true;
        counts.ttft.push(performance.now() - started);
        if (drop) {
          counts.dropped++;
          await response.body?.cancel().catch(() => {});
          return;
        }
      }
    }
  } catch {
    // Its instance went away mid-reply.
    counts.cut++;
  }
}

async function user(index: number): Promise<void> {
  const account = accounts[index] as { username: string; password: string };
  let client: Client | null = null;
  let sessionId = "";
  let turns = 0;
  // Spread the starts over the first seconds, as people arrive.
  await sleep(Math.random() * 5_000);
  while (Date.now() < endAt) {
    try {
      if (!client) client = await loggedInClient(balancer.url, account.username, account.password);
      if (turns % TURNS_PER_CONVERSATION === 0) {
        sessionId = await client.newSession();
        conversationsOf[index]?.push(sessionId);
      }
      turns++;
      await turn(client, sessionId, `m${index}x${turns}`, Math.random() < 1 / DROP_EVERY);
    } catch {
      counts.refused++;
      await sleep(500);
    }
    await sleep(500 + Math.random() * 1_500);
  }
}

async function disturb(): Promise<void> {
  await sleep(durationMs / 3);
  const restarted = instances[1] as AppServer;
  console.info(
    `restarting instance 2 (SIGTERM) at ${((Date.now() - (endAt - durationMs)) / 1000).toFixed(0)} s`,
  );
  await restarted.stop();
  instances[1] = await startApp(env, restarted.port);
  await sleep(Math.max(0, endAt - durationMs / 3 - Date.now()));
  console.info(
    `killing instance 3 (SIGKILL) at ${((Date.now() - (endAt - durationMs)) / 1000).toFixed(0)} s`,
  );
  await (instances[2] as AppServer).kill();
  instances[2] = null;
}

console.info(`soak: ${users} users for ${minutes} min through ${balancer.url}`);
await Promise.all([disturb(), ...accounts.map((_, index) => user(index))]);
const memoryAtEnd = instances.map((instance) =>
  instance ? memoryMb(serverPid(instance.processGroup)) : null,
);

// Replies of the killed instance are marked interrupted once stale, when their conversation is read.
await sleep(STREAM_STALE_MS + 500);
for (const [index, account] of accounts.entries()) {
  const client = await loggedInClient(balancer.url, account.username, account.password);
  for (const sessionId of conversationsOf[index] ?? []) await client.fetch(`/api/sessions/${sessionId}`);
}

const userRows = await query<{ id: string; content: string }>(
  database.url,
  `SELECT "id", "content" FROM "messages" WHERE "role" = 'user'`,
);
const replies = await query<{ parent_id: string; status: string; error: string | null }>(
  database.url,
  `SELECT "parent_id", "status", "error" FROM "messages" WHERE "role" = 'assistant'`,
);
const markerOf = (content: string) => /Tell me about (m\d+x\d+),/.exec(content)?.[1];
const storedByMarker = new Map<string, string[]>();
for (const row of userRows) {
  const marker = markerOf(row.content);
  if (marker) storedByMarker.set(marker, [...(storedByMarker.get(marker) ?? []), row.id]);
}
const replyTo = new Map(replies.map((reply) => [reply.parent_id, reply]));
let stored = 0;
let lost = 0;
for (const marker of counts.sent) {
  const ids = storedByMarker.get(marker) ?? [];
  const answered = ids.some((id) => {
    const reply = replyTo.get(id);
    return reply && reply.status !== "streaming";
  });
  if (answered) stored++;
  else lost++;
}
const duplicated = [...storedByMarker.values()].filter((ids) => ids.length > 1).length;
const byStatus = (status: string, interrupted?: boolean) =>
  replies.filter(
    (reply) =>
      reply.status === status &&
      (interrupted === undefined || interrupted === Boolean(reply.error?.startsWith("Interrupted"))),
  ).length;

const figures = {
  users,
  minutes,
  turns_sent: counts.sent.size,
  turns_stored: stored,
  lost,
  duplicated,
  replies_complete: byStatus("complete"),
  replies_interrupted: byStatus("error", true),
  replies_other_errors: byStatus("error", false),
  replies_streaming: byStatus("streaming"),
  refused_before_start: counts.refused,
  dropped_by_client: counts.dropped,
  cut_by_instance: counts.cut,
  ttft_p50_ms: Math.round(percentile(counts.ttft, 50)),
  ttft_p95_ms: Math.round(percentile(counts.ttft, 95)),
  memory_mb: instances.map((_, index) => ({
    instance: index + 1,
    start: Math.round(memoryAtStart[index] as number),
    end: memoryAtEnd[index] === null ? "killed" : Math.round(memoryAtEnd[index] as number),
  })),
};
console.info(JSON.stringify(figures, null, 2));

await balancer.stop();
await Promise.all(instances.map((instance) => instance?.stop()));
await mock.close();
await database.drop();
process.exit(lost === 0 && duplicated === 0 ? 0 : 1);
