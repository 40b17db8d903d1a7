// bench/node-flags: what node's flags, or the app's settings, cost and save. The server runs as
// `npm start` runs it, and once more for each variant given: node flags (added after npm start's
// own, so that they win) and NAME=value settings, in one argument; each server on its own SQLite
// database. The rounds alternate between them, in a different order each round, so that the
// machine's load falls on each alike. Per round: the CPU per streamed reply (100 second-turn
// replies, 4 at a time) and per `GET /api/sessions` of 50 conversations (300 requests, 20 at a
// time), from /proc; then 50 replies started at the same instant (tests/fixtures/burst.ts): the
// time to their first words (p50, p95) and the server's CPU per reply meanwhile. At the end, the
// resident memory of each. One user drives everything (MAX_CONCURRENT_REPLIES_PER_USER raised);
// the model server runs in a process of its own.
//
//   npm run bench:flags -- "--max-semi-space-size=16" "REQUEST_SLICE_MS=0" …   (after `npm run build`)

import { setTimeout as sleep } from "node:timers/promises";
import { startScriptNodeFlags } from "../tests/fixtures/app-server";
import { type BurstTarget, burst } from "../tests/fixtures/burst";
import { startModelServer } from "../tests/fixtures/model-server-process";
import { startBenchApp } from "./bench-app";
import { groupCpuMs, memoryMb, percentile } from "./measure";
import { answeredConversations, appReply, inParallel, PROMPT } from "./reply-load";

const ROUNDS = 4;
const REPLIES = 100;
const PAGES = 300;
const BURST = 50;
const WARM_REPLIES = 500;
const IDLE_BEFORE_ROUNDS_MS = 40_000;
const variants = ["", ...process.argv.slice(2)];
const model = await startModelServer();

/** A variant's node flags and settings: `--flag` words are flags, `NAME=value` ones settings. */
function parseVariant(variant: string) {
  const words = variant.split(" ").filter(Boolean);
  const settings = words.filter((word) => /^[A-Z][A-Z0-9_]*=/.test(word));
  return {
    nodeArgs: words.filter((word) => !settings.includes(word)),
    env: Object.fromEntries(
      settings.map((word) => [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)]),
    ),
  };
}

const servers = [];
for (const variant of variants) {
  const { nodeArgs, env } = parseVariant(variant);
  // Started directly, the server leads its own process group.
  const bench = await startBenchApp({ mock: model, env, start: { direct: true, nodeArgs } });
  const warm = await answeredConversations(bench.client, WARM_REPLIES);
  await inParallel(warm.length, (index) => appReply(bench.client, warm[index] as string));
  const sessions = await Promise.all(
    Array.from({ length: ROUNDS }, () => answeredConversations(bench.client, REPLIES)),
  );
  const bursts = await Promise.all(
    Array.from({ length: ROUNDS }, () => answeredConversations(bench.client, BURST)),
  );
  const target: BurstTarget = {
    url: bench.app.url,
    warmPath: "/api/health",
    headers: { cookie: bench.client.cookieHeader(), accept: "text/event-stream" },
  };
  servers.push({
    variant,
    ...bench,
    target,
    sessions,
    bursts,
    reply: [] as number[],
    page: [] as number[],
    burstP50: [] as number[],
    burstP95: [] as number[],
    burstCpu: [] as number[],
  });
}

/** CPU ms per call of `run` in the server's process group. */
async function cpuPer(
  group: number,
  count: number,
  run: (index: number) => Promise<unknown>,
  parallel: number,
) {
  const before = groupCpuMs(group);
  await inParallel(count, run, parallel);
  return (groupCpuMs(group) - before) / count;
}

// Every server starts the rounds idle, as V8 leaves a server that has had nothing to do: its
// memory reducer shrinks the heap a warm-up grew. Without this wait the server started last went
// into the rounds with its warm-up's heap, which held for all four, and it came out a fifth to a
// third cheaper a reply than the same server started first (three identical variants: 8.95,
// 8.28 and 6.20 ms; with the wait 8.45, 8.70 and 8.53).
await sleep(IDLE_BEFORE_ROUNDS_MS);
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? servers : [...servers].reverse();
  for (const server of order) {
    const group = server.app.processGroup;
    const sessions = server.sessions[round] as string[];
    server.reply.push(
      await cpuPer(group, REPLIES, (index) => appReply(server.client, sessions[index] as string), 4),
    );
    server.page.push(
      await cpuPer(
        group,
        PAGES,
        () => server.client.fetch("/api/sessions?limit=50").then((response) => response.arrayBuffer()),
        20,
      ),
    );
    const bodies = (server.bursts[round] as string[]).map((id) =>
      JSON.stringify({ data: PROMPT, session_id: id }),
    );
    const before = groupCpuMs(group);
    const replies = await burst(server.target, "/api", bodies, ["event: delta"]);
    server.burstCpu.push((groupCpuMs(group) - before) / BURST);
    const firstWords = replies.map((reply) => reply.marks["event: delta"] ?? Number.NaN);
    server.burstP50.push(percentile(firstWords, 50));
    server.burstP95.push(percentile(firstWords, 95));
  }
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const each = (values: number[], digits = 1) => values.map((value) => value.toFixed(digits)).join(", ");
console.info(
  `node-flags: npm start's flags are ${startScriptNodeFlags().join(" ") || "none"}; ${ROUNDS} rounds\n`,
);
console.info(
  "| variant | CPU per reply, mean (rounds) | CPU per /api/sessions, mean (rounds) | 50 at once: first words p50 / p95, mean (rounds) | CPU per reply of the 50 | memory after |",
);
console.info("| --- | --- | --- | --- | --- | --- |");
for (const server of servers) {
  console.info(
    `| ${server.variant || "(as npm start)"} | ${mean(server.reply).toFixed(2)} ms (${each(server.reply)}) | ${mean(server.page).toFixed(2)} ms (${each(server.page)}) | ${mean(server.burstP50).toFixed(0)} / ${mean(server.burstP95).toFixed(0)} ms (${each(server.burstP50, 0)} / ${each(server.burstP95, 0)}) | ${mean(server.burstCpu).toFixed(2)} ms (${each(server.burstCpu)}) | ${memoryMb(server.app.processGroup).toFixed(0)} MB |`,
  );
}

for (const server of servers) await server.stop();
await model.stop();
