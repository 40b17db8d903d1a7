// bench/profile: where the app's CPU and memory go while it streams replies. The production server
// runs under `node --cpu-prof`; the bench drives REPLIES second-turn replies (4 at a time), then 50
// started at the same instant, then 5 s of GET /api/sessions at 50 connections, and prints, for
// each phase, the CPU per reply (or request) by where the code comes from (Next.js, React, Prisma,
// the database drivers, the app's own code, Node.js itself, the garbage collector) and the
// functions that cost the most; then the bare app it is compared with (bench/bare-app) the same way,
// under the same profiler: its relay for as many replies, its JSON route for 5 s. Heap snapshots
// taken idle and after
// the load (SIGUSR2, --heapsnapshot-signal) are summed by what holds the memory. On SQLite, one
// user driving every stream (MAX_CONCURRENT_REPLIES_PER_USER raised to 100 for the run).
//
//   npm run bench:profile -- [replies=300]     (after `npm run build`)
//
// The profile's clock is the monotonic one process.hrtime reads, so the phases are cut out of it by
// the bench's own timestamps. The raw files stay in test-results/profile for Chrome's DevTools.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ROOT } from "../tests/fixtures/app-server";
import { startMockOpenAI } from "../tests/fixtures/mock-openai";
import { startBareApp } from "./bare-server";
import { startBenchApp } from "./bench-app";
import { memoryMb } from "./measure";
import { answeredConversations, appReply, bareRelayReply, inParallel, requestsFor } from "./reply-load";

const replies = Number(process.argv[2] ?? 300);
const outDir = path.join(ROOT, "test-results", "profile");
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const mock = await startMockOpenAI();
const { app, client, stop } = await startBenchApp({
  mock,
  start: {
    direct: true,
    nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${outDir}`, "--heapsnapshot-signal=SIGUSR2"],
  },
});
// Started directly, the server leads its own process group.
const pid = app.processGroup;

const now = () => Number(process.hrtime.bigint() / 1000n); // µs, the profile's clock

/** Writes a heap snapshot of the server and waits until the file is whole. */
async function heapSnapshot(label: string): Promise<string> {
  const before = new Set(readdirSync(ROOT).filter((name) => name.endsWith(".heapsnapshot")));
  process.kill(pid, "SIGUSR2");
  for (;;) {
    await sleep(500);
    const file = readdirSync(ROOT).find((name) => name.endsWith(".heapsnapshot") && !before.has(name));
    if (!file) continue;
    const size = statSync(path.join(ROOT, file)).size;
    await sleep(1_000);
    if (size > 0 && statSync(path.join(ROOT, file)).size === size) {
      const target = path.join(outDir, `${label}-${file}`);
      renameSync(path.join(ROOT, file), target);
      return target;
    }
  }
}

const warm = await answeredConversations(client, 100);
await inParallel(warm.length, (index) => appReply(client, warm[index] as string));
const sessions = await answeredConversations(client, replies);
await sleep(2_000);
const idleRss = memoryMb(pid);
const idleSnapshot = await heapSnapshot("idle");

const steadyFrom = now();
await inParallel(replies, (index) => appReply(client, sessions[index] as string));
const steadyTo = now();

await sleep(1_000);
const burstFrom = now();
await Promise.all(sessions.slice(0, 50).map((sessionId) => appReply(client, sessionId)));
const burstTo = now();

await sleep(1_000);
const listsFrom = now();
const lists = await requestsFor(5_000, () => client.fetch("/api/sessions?limit=50"));
const listsTo = now();
const loadedRss = memoryMb(pid);
const loadedSnapshot = await heapSnapshot("loaded");

await stop();

// The bare app, its profile in a folder of its own.
const bareDir = path.join(outDir, "bare");
mkdirSync(bareDir);
const bare = await startBareApp({ MODEL_URL: mock.baseURL }, ["--cpu-prof", `--cpu-prof-dir=${bareDir}`]);
await inParallel(100, () => bareRelayReply(bare.url));
await requestsFor(1_000, () => fetch(`${bare.url}/api/json`));
await sleep(1_000);
const bareRelayFrom = now();
await inParallel(replies, () => bareRelayReply(bare.url));
const bareRelayTo = now();
await sleep(1_000);
const bareJsonFrom = now();
const bareJsons = await requestsFor(5_000, () => fetch(`${bare.url}/api/json`));
const bareJsonTo = now();
await bare.stop();
await mock.close();

// --- the CPU profile ---------------------------------------------------------------------------

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame };
type Profile = { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };

/** The CPU profile in `dir` (of the process `pid`, if given), with its nodes by id. */
function loadProfile(dir: string, pid?: number) {
  const file = readdirSync(dir).find(
    (name) => (pid === undefined || name.includes(`.${pid}.`)) && name.endsWith(".cpuprofile"),
  );
  if (!file) throw new Error(`no CPU profile${pid === undefined ? "" : ` of process ${pid}`} in ${dir}`);
  const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Profile;
  return { profile, nodes: new Map(profile.nodes.map((node) => [node.id, node])) };
}

// The server's chunks bundle the app's code with its dependencies under hashed names: where a
// function comes from is read off the build's source maps (.next/server, which the bundle's
// .next/standalone/.next/server copies without them).
const sourceMaps = new Map<string, SourceMap | null>();
function originalSource({ url, lineNumber, columnNumber }: CallFrame): string | null {
  // The app's own build only: the bare app's chunks are under bench/bare-app/.next.
  const built = /\/\.next\/(?:standalone\/\.next\/)?(server\/.+\.js)$/.exec(url)?.[1];
  if (!built || url.includes("/bench/bare-app/")) return null;
  if (!sourceMaps.has(built)) {
    const file = path.join(ROOT, ".next", `${built}.map`);
    sourceMaps.set(built, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, "utf8"))) : null);
  }
  const entry = sourceMaps.get(built)?.findEntry(lineNumber, columnNumber);
  return entry && "originalSource" in entry ? entry.originalSource : null;
}

/** Where a function's code comes from, by its file (its original one, for the server's chunks). */
function areaOf(callFrame: CallFrame): string {
  const { functionName } = callFrame;
  if (!callFrame.url) {
    if (functionName === "(garbage collector)") return "garbage collector";
    if (functionName === "(idle)") return "idle";
    return `V8 / native: ${functionName || "(anonymous)"}`;
  }
  if (callFrame.url.startsWith("node:")) return "Node.js";
  const url = originalSource(callFrame) ?? callFrame.url;
  // better-sqlite3 runs a statement inside the call that lib/db/sqlite-statements.ts makes.
  if (url.endsWith("lib/db/sqlite-statements.ts")) return "SQLite running the statements";
  if (/prisma/i.test(url)) return "Prisma";
  if (/better-sqlite3|adapter-better-sqlite3/.test(url)) return "better-sqlite3";
  if (/react-dom|react-server|\/react\//.test(url)) return "React";
  if (/node_modules\/next\/|next\/dist/.test(url)) return "Next.js";
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (dependency) return `dependency: ${dependency}`;
  if (
    /(^|\/)(lib|app|components|server)\//.test(url) ||
    /\/chunks\/.*(lib_|app_|\[root-of-the-server\])/.test(url)
  )
    return "the app's own code";
  return `other: ${path.basename(url)}`;
}

function phase(
  { profile, nodes }: ReturnType<typeof loadProfile>,
  name: string,
  from: number,
  to: number,
  count: number,
  unit = "reply",
) {
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byNodeFile = new Map<string, number>();
  let at = profile.startTime;
  let busy = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (at < from || at > to) continue;
    const node = nodes.get(profile.samples[index] as number);
    if (!node) continue;
    const area = areaOf(node.callFrame);
    // A sample's time is the gap to the next one.
    const spent = (profile.timeDeltas[index + 1] ?? delta) / 1000;
    byArea.set(area, (byArea.get(area) ?? 0) + spent);
    if (area === "idle") continue;
    if (area === "Node.js") {
      const file = node.callFrame.url.replace(/^node:(internal\/)?/, "");
      byNodeFile.set(file, (byNodeFile.get(file) ?? 0) + spent);
    }
    busy += spent;
    const { functionName, url, lineNumber } = node.callFrame;
    const source = originalSource(node.callFrame);
    const where = source ? path.basename(source) : url ? `${path.basename(url)}:${lineNumber + 1}` : "";
    const key = `${functionName || "(anonymous)"} ${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + spent);
  }
  const counted = `${count} ${unit === "reply" ? "replies" : `${unit}s`}`;
  console.info(`\n### ${name}: ${counted}, ${(busy / count).toFixed(2)} ms of CPU each\n`);
  console.info(`| where | ms per ${unit} | share |`);
  console.info("| --- | --- | --- |");
  for (const [area, ms] of [...byArea].filter(([area]) => area !== "idle").sort((a, b) => b[1] - a[1])) {
    if (ms / busy < 0.005) continue;
    console.info(`| ${area} | ${(ms / count).toFixed(2)} | ${((100 * ms) / busy).toFixed(1)} % |`);
  }
  console.info(`\nNode.js's part, by its module (ms per ${unit}):`);
  for (const [file, ms] of [...byNodeFile].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
    console.info(`  ${(ms / count).toFixed(3)}  ${file}`);
  }
  console.info(`\nmost costly functions (self time, ms per ${unit}):`);
  for (const [key, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.info(`  ${(ms / count).toFixed(3)}  ${key}`);
  }
}

const ours = loadProfile(outDir, pid);
phase(ours, `${replies} replies, 4 at a time`, steadyFrom, steadyTo, replies);
phase(ours, "50 replies started at the same instant", burstFrom, burstTo, 50);
phase(
  ours,
  "GET /api/sessions (50 conversations), 50 connections for 5 s",
  listsFrom,
  listsTo,
  lists,
  "request",
);
const bares = loadProfile(bareDir);
phase(bares, `the bare relay: ${replies} replies, 4 at a time`, bareRelayFrom, bareRelayTo, replies);
phase(bares, "the bare JSON route, 50 connections for 5 s", bareJsonFrom, bareJsonTo, bareJsons, "request");

// --- the heap ----------------------------------------------------------------------------------

type Snapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
};

/** A heap snapshot's self sizes summed by the kind of object, in MB, the largest first. */
function heapSummary(file: string): { total: number; kinds: [string, number][] } {
  const snapshot = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const kinds = new Map<string, number>();
  let total = 0;
  for (let index = 0; index < snapshot.nodes.length; index += width) {
    const type = types[snapshot.nodes[index + typeAt] as number] ?? "?";
    const size = snapshot.nodes[index + sizeAt] as number;
    total += size;
    const name = snapshot.strings[snapshot.nodes[index + nameAt] as number] ?? "";
    const kind =
      type === "object" || type === "native"
        ? `${type}: ${name.slice(0, 60)}`
        : type === "code"
          ? "code"
          : type;
    kinds.set(kind, (kinds.get(kind) ?? 0) + size);
  }
  const mb = (bytes: number) => bytes / 1024 / 1024;
  return {
    total: mb(total),
    kinds: [...kinds].map(([kind, size]): [string, number] => [kind, mb(size)]).sort((a, b) => b[1] - a[1]),
  };
}

for (const [name, file, rss] of [
  ["idle, after warm-up", idleSnapshot, idleRss],
  ["after the load", loadedSnapshot, loadedRss],
] as const) {
  const { total, kinds } = heapSummary(file);
  console.info(`\n### memory ${name}: ${rss.toFixed(1)} MB resident, ${total.toFixed(1)} MB in V8's heap\n`);
  for (const [kind, size] of kinds.slice(0, 15)) console.info(`  ${size.toFixed(2)} MB  ${kind}`);
}
console.info(`\nthe profile and the snapshots: ${outDir}`);
