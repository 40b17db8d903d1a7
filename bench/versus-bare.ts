// bench/versus-bare: the app beside a bare Next.js app of the same version (bench/bare-app, built by
// this bench), measured in one run on this machine, each figure with the bare one and their ratio:
//   - CPU per streamed reply: the server processes' own CPU time (from /proc) over REPLIES replies of
//     about 30 tokens, through POST /api and through the bare app's relay route, which only pipes the
//     model server's stream;
//   - GET /api/sessions (a page of 50 conversations) against the bare JSON route, 50 connections;
//   - first-load JavaScript (gzip) of the login page and the chat page against the bare page;
//   - 50 replies started at the same instant: the time each adds to the model's first token, through
//     the app and through the relay (p50, p95);
//   - server memory (RSS) idle (a minute after a warm-up that replies and shows each page once),
//     right after those 50 concurrent streams and a minute later (the first load after warm-up),
//     then again after all the rest of the load and a minute after it.
// One user drives every stream, so MAX_CONCURRENT_REPLIES_PER_USER is raised to 100 for the run.
// The production build is measured (`npm run build` first), on SQLite.
//
//   npm run bench:bare -- [replies=200]

import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import { readEvents } from "../lib/chat/read-events";
import type { Client } from "../tests/fixtures/http-client";
import { startBareApp } from "./bare-server";
import { startBenchApp } from "./bench-app";
import { groupCpuMs, memoryMb, percentile, serverPid } from "./measure";
import {
  answeredConversations,
  appReply,
  bareRelayReply,
  drain,
  inParallel,
  MODEL_BODY,
  PROMPT,
  requestsFor,
} from "./reply-load";

const replies = Number(process.argv[2] ?? 200);
const { app, mock, client, stop } = await startBenchApp();
const bare = await startBareApp({ MODEL_URL: mock.baseURL });
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

// Each measured reply is a conversation's second turn, its summary long written; the burst has
// conversations of its own.
const sessions = await answeredConversations(client, replies);
const burstSessions = await answeredConversations(client, 50);
await inParallel(20, () => bareReply());
// A server in use has shown its pages: each is rendered once in the warm-up, with the lists a
// browser then asks for, so that the code they load on first use counts in idle memory rather
// than in what the load leaves behind.
for (const pathname of [
  "/interact_history",
  `/interact_history/${sessions[0]}`,
  "/api/folders",
  "/api/presets",
  "/api/models",
]) {
  await (await client.fetch(pathname)).text();
}
await (await fetch(`${app.url}/`)).text();
await (await fetch(`${bare.url}/`)).text();
// Idle is a minute after the warm-up, as "back to idle" is a minute after the load: V8 gives back
// the warm-up's garbage within that time, not within a few seconds.
await sleep(60_000);

const rows: [string, number, number, string][] = [];
const row = (name: string, ours: number, theirs: number, unit: string) =>
  rows.push([name, ours, theirs, unit]);

const idleApp = memoryMb(appPid);
const idleBare = memoryMb(barePid);
row("memory idle (after warm-up)", idleApp, idleBare, "MB");

// 50 replies started at the same instant: the time to each one's first words, from that instant,
// straight from the model server, through the bare relay and through the app.
type Event = { event: string; data: unknown };
const modelWords = (event: Event) =>
  Boolean((event.data as { choices?: { delta?: { content?: string } }[] })?.choices?.[0]?.delta?.content);
const appWords = (event: Event) => event.event === "delta";
async function burst(send: (index: number) => Promise<Response>, isWords: (event: Event) => boolean) {
  const started = performance.now();
  return Promise.all(
    Array.from({ length: 50 }, async (_, index) => {
      let at = Number.NaN;
      for await (const event of readEvents(await send(index))) {
        if (Number.isNaN(at) && isWords(event)) at = performance.now() - started;
      }
      return at;
    }),
  );
}
const modelRequest = () => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(MODEL_BODY),
});
const direct = await burst(() => fetch(`${mock.baseURL}/chat/completions`, modelRequest()), modelWords);
const viaBare = await burst(() => fetch(`${bare.url}/api/relay`, modelRequest()), modelWords);
const viaApp = await burst(
  (index) =>
    client.postJson(
      "/api",
      { data: PROMPT, session_id: burstSessions[index] },
      { accept: "text/event-stream" },
    ),
  appWords,
);
for (const p of [50, 95]) {
  const base = percentile(direct, p);
  row(
    `50 at once: added time to first token, p${p}`,
    percentile(viaApp, p) - base,
    percentile(viaBare, p) - base,
    "ms",
  );
}
row("memory right after 50 concurrent streams", memoryMb(appPid), memoryMb(barePid), "MB");
await sleep(60_000);
row("memory a minute later", memoryMb(appPid), memoryMb(barePid), "MB");

const appCpu = await cpuPer(app.processGroup, replies, (index) =>
  appReply(client, sessions[index] as string),
);
const bareCpu = await cpuPer(bare.processGroup, replies, () => bareReply());
row("CPU per streamed reply", appCpu, bareCpu, "ms");

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

await bare.stop();
await stop();
