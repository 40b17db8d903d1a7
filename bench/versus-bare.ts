// bench/versus-bare: the app beside a bare Next.js app of the same version (bench/bare-app, built by
// this bench), measured in one run on this machine, each figure with the bare one and their ratio:
//   - CPU per streamed reply: the server processes' own CPU time (from /proc) over REPLIES replies of
//     about 30 tokens, through POST /api and through the bare app's relay route, which only pipes the
//     model server's stream, in CPU_ROUNDS rounds alternating between the two, and each round's ratio;
//   - GET /api/sessions (a page of 50 conversations) against the bare JSON route, 50 connections;
//   - first-load JavaScript (gzip) of the login page and the chat page against the bare page;
//   - 50 replies started at the same instant: the time each adds to the model's first token, through
//     the app and through the relay (p50, p95), the median of BURSTS rounds, each round straight to
//     the model server, then through the relay, then through the app; and the median of the rounds'
//     ratios, each of a round's app and relay measured seconds apart, which the machine's changing
//     speed moves less than the ratio of the medians;
//   - server memory (RSS) idle (a minute after a warm-up that replies and shows each page once),
//     right after the bursts of 50 concurrent streams and a minute later, then again after all the
//     rest of the load and a minute after it.
// Both servers are warmed up alike before anything is measured (WARM_REPLIES replies and as many
// JSON requests each), since V8 keeps optimising a server's hot code over its first thousand or so
// requests. The model server runs in a process of its own (tests/fixtures/model-server-process.ts)
// and the bursts are sent by tests/fixtures/burst.ts, so that neither the bench's requests nor the
// model's answers wait on one event loop. One user drives every stream, so
// MAX_CONCURRENT_REPLIES_PER_USER is raised to 100 for the run. The production build is measured
// (`npm run build` first), on SQLite.
//
//   npm run bench:bare -- [replies=200] [bursts=7]

import { setTimeout as sleep } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import { type BurstReply, type BurstTarget, burst } from "../tests/fixtures/burst";
import type { Client } from "../tests/fixtures/http-client";
import { startModelServer } from "../tests/fixtures/model-server-process";
import { startBareApp } from "./bare-server";
import { startBenchApp } from "./bench-app";
import { groupCpuMs, memoryMb, percentile, serverPid } from "./measure";
import {
  answeredConversations,
  appReply,
  bareRelayReply,
  inParallel,
  MODEL_BODY,
  PROMPT,
  requestsFor,
} from "./reply-load";

const replies = Number(process.argv[2] ?? 200);
const bursts = Number(process.argv[3] ?? 7);
const WARM_REPLIES = 1_000;
const CPU_ROUNDS = 5;

const model = await startModelServer();
const { app, client, stop } = await startBenchApp({ mock: model });
const bare = await startBareApp({ MODEL_URL: model.baseURL });
const appPid = serverPid(app.processGroup);
const barePid = bare.processGroup;

const bareReply = () => bareRelayReply(bare.url);

/** CPU ms per call of `run` in the process group, over `count` calls. */
async function cpuPer(
  group: number,
  count: number,
  run: (index: number) => Promise<unknown>,
): Promise<number> {
  const before = groupCpuMs(group);
  await inParallel(count, run);
  return (groupCpuMs(group) - before) / count;
}

// The warm-up: as many replies and JSON requests through each server, the app's in conversations
// of four turns; then each page shown once, with the lists a browser then asks for, so that the
// code they load on first use counts in idle memory rather than in what the load leaves behind.
const warm = await answeredConversations(client, WARM_REPLIES / 4);
for (let turn = 1; turn < 4; turn++) {
  await inParallel(warm.length, (index) => appReply(client, warm[index] as string));
}
await inParallel(WARM_REPLIES, () => bareReply());
await inParallel(WARM_REPLIES, () => client.fetch("/api/sessions?limit=50").then((r) => r.arrayBuffer()));
await inParallel(WARM_REPLIES, () => fetch(`${bare.url}/api/json`).then((r) => r.arrayBuffer()));
for (const pathname of [
  "/interact_history",
  `/interact_history/${warm[0]}`,
  "/api/folders",
  "/api/presets",
  "/api/models",
]) {
  await (await client.fetch(pathname)).text();
}
await (await fetch(`${app.url}/`)).text();
await (await fetch(`${bare.url}/`)).text();
// Each measured reply is a conversation's second turn, its summary long written; each burst has
// conversations of its own.
const sessions = await answeredConversations(client, replies);
const burstSessions = await Promise.all(
  Array.from({ length: bursts }, () => answeredConversations(client, 50)),
);
// Idle is a minute after the warm-up, as "back to idle" is a minute after the load: V8 gives back
// the warm-up's garbage within that time, not within a few seconds.
await sleep(60_000);

const rows: [string, number, number, string][] = [];
const row = (name: string, ours: number, theirs: number, unit: string) =>
  rows.push([name, ours, theirs, unit]);
const notes: string[] = [];

const idleApp = memoryMb(appPid);
const idleBare = memoryMb(barePid);
row("memory idle (after warm-up)", idleApp, idleBare, "MB");

// 50 replies started at the same instant: the time to each one's first words, from that instant,
// straight from the model server, through the bare relay and through the app.
const modelTarget: BurstTarget = { url: model.url, warmPath: "/v1/models" };
const bareTarget: BurstTarget = { url: bare.url, warmPath: "/api/json" };
const appTarget: BurstTarget = {
  url: app.url,
  warmPath: "/api/health",
  headers: { cookie: client.cookieHeader(), accept: "text/event-stream" },
};
// The reply's first words: the model's first content chunk (the mock's replies begin "Echo"), the
// app's first delta event.
const MODEL_WORDS = '"content":"Echo';
const APP_WORDS = "event: delta";
/** When each reply's first words came, in ms from the burst's start. */
const firstWords = (replies: BurstReply[], marker: string) =>
  replies.map((reply) => reply.marks[marker] ?? Number.NaN);
const modelBody = JSON.stringify(MODEL_BODY);
const added: Record<"app" | "bare", Record<50 | 95, number[]>> = {
  app: { 50: [], 95: [] },
  bare: { 50: [], 95: [] },
};
for (const conversations of burstSessions) {
  const bodies = Array<string>(50).fill(modelBody);
  const direct = firstWords(
    await burst(modelTarget, "/v1/chat/completions", bodies, [MODEL_WORDS]),
    MODEL_WORDS,
  );
  const viaBare = firstWords(await burst(bareTarget, "/api/relay", bodies, [MODEL_WORDS]), MODEL_WORDS);
  const appBodies = conversations.map((id) => JSON.stringify({ data: PROMPT, session_id: id }));
  const viaApp = firstWords(await burst(appTarget, "/api", appBodies, [APP_WORDS]), APP_WORDS);
  for (const p of [50, 95] as const) {
    const base = percentile(direct, p);
    added.app[p].push(percentile(viaApp, p) - base);
    added.bare[p].push(percentile(viaBare, p) - base);
  }
}
const median = (values: number[]) => percentile(values, 50);
for (const p of [50, 95] as const) {
  row(
    `50 at once: added time to first token, p${p} (median of ${bursts})`,
    median(added.app[p]),
    median(added.bare[p]),
    "ms",
  );
  const rounds = added.app[p].map((ours, index) => ours / (added.bare[p][index] as number));
  notes.push(
    `p${p} app / bare in each round: ${rounds.map((ratio) => ratio.toFixed(2)).join(", ")}; their median ${median(rounds).toFixed(2)}×`,
  );
}
row("memory right after the bursts of 50 concurrent streams", memoryMb(appPid), memoryMb(barePid), "MB");
await sleep(60_000);
row("memory a minute later", memoryMb(appPid), memoryMb(barePid), "MB");

// In CPU_ROUNDS rounds, each a share of the replies through one server and then the other (which
// goes first turns each round), so that the machine's speed, which moves within minutes, falls on
// both alike: the figure is the whole of each side's CPU over its replies, and each round's ratio
// is noted too.
const cpu = { app: [] as number[], bare: [] as number[] };
const perRound = Math.ceil(replies / CPU_ROUNDS);
for (let round = 0; round < CPU_ROUNDS; round++) {
  const sides = [
    async () =>
      cpu.app.push(
        await cpuPer(app.processGroup, perRound, (index) =>
          appReply(client, sessions[(round * perRound + index) % sessions.length] as string),
        ),
      ),
    async () => cpu.bare.push(await cpuPer(bare.processGroup, perRound, () => bareReply())),
  ];
  for (const side of round % 2 === 0 ? sides : sides.reverse()) await side();
}
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
row("CPU per streamed reply", mean(cpu.app), mean(cpu.bare), "ms");
const cpuRounds = cpu.app.map((ours, index) => ours / (cpu.bare[index] as number));
notes.push(
  `CPU per reply app / bare in each round: ${cpuRounds.map((ratio) => ratio.toFixed(2)).join(", ")}; their median ${median(cpuRounds).toFixed(2)}×`,
);

/** Requests answered per second over 5 s, 50 connections. */
const rate = async (send: () => Promise<Response>) => (await requestsFor(5_000, send)) / 5;
row(
  "GET /api/sessions, 50 connections",
  await rate(() => client.fetch("/api/sessions?limit=50")),
  await rate(() => fetch(`${bare.url}/api/json`)),
  "req/s",
);

/** The gzip size of the JavaScript a page's HTML loads, in kB. */
async function firstLoadJs(base: string, pathname: string, as?: Client): Promise<number> {
  const html = await (as ? as.fetch(pathname) : fetch(`${base}${pathname}`)).then((response) =>
    response.text(),
  );
  // What a current browser loads: not the polyfills for old ones (noModule), as Next.js counts it.
  const tags = [...html.matchAll(/<script[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => !/nomodule/i.test(tag));
  const sources = new Set(tags.flatMap((tag) => /src="([^"]+)"/.exec(tag)?.[1] ?? []));
  let total = 0;
  for (const source of sources) {
    const body = Buffer.from(await (await fetch(new URL(source, base))).arrayBuffer());
    total += gzipSync(body).length;
  }
  return total / 1024;
}
const bareJs = await firstLoadJs(bare.url, "/");
row("first-load JS, chat page", await firstLoadJs(app.url, "/interact_history", client), bareJs, "kB gzip");
row("first-load JS, login page", await firstLoadJs(app.url, "/"), bareJs, "kB gzip");

row(
  `memory after the rest of the load (${replies} replies, 5 s of /api/sessions)`,
  memoryMb(appPid),
  memoryMb(barePid),
  "MB",
);
await sleep(60_000);
row("memory a minute after that", memoryMb(appPid), memoryMb(barePid), "MB");

console.info(`versus-bare: ${replies} replies, Next.js bare app beside the app, one run\n`);
console.info("| figure | app | bare | app / bare |");
console.info("| --- | --- | --- | --- |");
for (const [name, ours, theirs, unit] of rows) {
  console.info(
    `| ${name} | ${ours.toFixed(1)} ${unit} | ${theirs.toFixed(1)} ${unit} | ${(ours / theirs).toFixed(2)}× |`,
  );
}
console.info(`\n${notes.join("\n")}`);

await bare.stop();
await stop();
await model.stop();
