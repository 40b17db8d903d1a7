// bench/stream-overhead: what our code adds to streamed replies. Starts the OpenAI-compatible test
// server with a fixed token rate and the production build of the app (run `npm run build` first),
// then keeps N conversations streaming at once for a while, first straight against the model
// server, then through POST /api, with the same requests. Each conversation sends its next message
// as soon as its reply ends, and the conversations start spread over one reply's length, so N
// streams are in flight all along (a burst of N at the same instant is a different test: `burst`).
// The time is split into three rounds, direct then through the app each time, so that a change in
// how busy the machine is weighs on both sides alike.
// Prints time to first token and total time per reply, percentiles, differences and ratios; and,
// to tell the app's own waits from the machine's, how late the app's event loop ran its timers
// during the app's rounds (from its /api/metrics), and how the machine's CPUs were shared meanwhile:
// the app's main thread, the app's other threads, Postgres's processes, the model server (in a
// process of its own) and this bench's clients, from /proc.
//
//   npx tsx bench/stream-overhead.ts [concurrency=50] [seconds=15] [steady|burst]
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { readEvents } from "@/lib/chat/read-events";
import { startModelServer } from "../tests/fixtures/model-server-process";
import { startBenchApp } from "./bench-app";
import {
  commandCpuMs,
  groupCpuMs,
  machineCpuMs,
  mainThreadCpuMs,
  percentile,
  pidCpuMs,
  serverPid,
} from "./measure";

const concurrency = Number(process.argv[2] ?? 50);
const seconds = Number(process.argv[3] ?? 15);
const mode = process.argv[4] === "burst" ? "burst" : "steady";
const TOKEN_DELAY_MS = 20;
const PROMPT = `Explain how the difference engine tabulates a polynomial by the method of finite differences, one column at a time, with the carry mechanism and the printer [[delay:${TOKEN_DELAY_MS}]]`;
const HISTORY = [
  { role: "user", content: "warm up" },
  { role: "assistant", content: "Echo: warm up (1 messages)" },
];

type Timing = { firstToken: number; total: number };
type Send = () => Promise<Response>;

async function timeStream(send: Send, textEvent: (event: string, data: unknown) => boolean): Promise<Timing> {
  const started = performance.now();
  const response = await send();
  let firstToken = Number.NaN;
  for await (const { event, data } of readEvents(response)) {
    if (Number.isNaN(firstToken) && textEvent(event, data)) firstToken = performance.now() - started;
  }
  return { firstToken, total: performance.now() - started };
}

const isModelText = (_event: string, data: unknown) =>
  Boolean((data as { choices?: { delta?: { content?: string } }[] })?.choices?.[0]?.delta?.content);
const isAppText = (event: string, _data: unknown): boolean => event === "delta";

/** Runs the conversations for `ms` (steady) or once each, all at the same instant (burst). */
async function load(
  sends: Send[],
  textEvent: typeof isAppText,
  replyMs: number,
  ms: number,
): Promise<Timing[]> {
  const timings: Timing[] = [];
  if (mode === "burst") {
    for (let round = 0; round < 3; round++) {
      timings.push(...(await Promise.all(sends.map((send) => timeStream(send, textEvent)))));
    }
    return timings;
  }
  const until = performance.now() + ms;
  await Promise.all(
    sends.map(async (send, index) => {
      await new Promise((resolve) => setTimeout(resolve, (index * replyMs) / sends.length));
      while (performance.now() < until) timings.push(await timeStream(send, textEvent));
    }),
  );
  return timings;
}

// The model server runs in a process of its own, so that its tokens keep their pace whatever this
// process's 50 clients are doing.
const model = await startModelServer();
const { app, database, client, stop } = await startBenchApp({
  mock: model,
  env: { OPENAI_API_KEY: "bench", METRICS_TOKEN: "bench-metrics-token-0123456789" },
});
const appPid = serverPid(app.processGroup);

/** The app's event-loop lag since the scrape before (prom-client resets it on each), in ms. */
async function eventLoopLag(): Promise<{ p50: number; p99: number; max: number }> {
  const text = await (
    await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${app.env.METRICS_TOKEN}` } })
  ).text();
  const gauge = (name: string) =>
    Number(new RegExp(`^nodejs_eventloop_lag_${name}_seconds (\\S+)$`, "m").exec(text)?.[1]) * 1000;
  return { p50: gauge("p50"), p99: gauge("p99"), max: gauge("max") };
}

try {
  const sessions = await Promise.all(Array.from({ length: concurrency }, () => client.newSession()));
  // The first message of a conversation also asks for a summary: keep that out of the measurement.
  await Promise.all(sessions.map((id) => client.postJson("/api", { data: "warm up", session_id: id })));
  const replyMs = (PROMPT.split(" ").length + 4) * TOKEN_DELAY_MS;

  const directSends = sessions.map(
    () => () =>
      fetch(`${model.baseURL}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "mock",
          stream: true,
          messages: [...HISTORY, { role: "user", content: PROMPT }],
        }),
      }),
  );
  const appSends = sessions.map(
    (id) => () => client.postJson("/api", { data: PROMPT, session_id: id }, { accept: "text/event-stream" }),
  );
  const direct: Timing[] = [];
  const viaApp: Timing[] = [];
  const lags: Awaited<ReturnType<typeof eventLoopLag>>[] = [];
  const used = { main: 0, app: 0, database: 0, bench: 0, model: 0, machine: 0, steal: 0, wall: 0 };
  const rounds = mode === "burst" ? 1 : 3;
  for (let round = 0; round < rounds; round++) {
    direct.push(...(await load(directSends, isModelText, replyMs, (seconds * 1000) / rounds)));
    await eventLoopLag();
    const before = {
      main: mainThreadCpuMs(appPid),
      app: groupCpuMs(app.processGroup),
      database: commandCpuMs("postgres"),
      bench: process.cpuUsage(),
      model: pidCpuMs(model.pid),
      machine: machineCpuMs(),
      wall: performance.now(),
    };
    viaApp.push(...(await load(appSends, isAppText, replyMs, (seconds * 1000) / rounds)));
    const bench = process.cpuUsage(before.bench);
    used.main += mainThreadCpuMs(appPid) - before.main;
    used.app += groupCpuMs(app.processGroup) - before.app;
    used.database += commandCpuMs("postgres") - before.database;
    used.bench += (bench.user + bench.system) / 1000;
    used.model += pidCpuMs(model.pid) - before.model;
    const machine = machineCpuMs();
    used.machine += machine.busy - before.machine.busy;
    used.steal += machine.steal - before.machine.steal;
    used.wall += performance.now() - before.wall;
    lags.push(await eventLoopLag());
  }

  const f = (n: number) => n.toFixed(1).padStart(7);
  const row = (name: string, pick: (t: Timing) => number) => {
    const [d50, d95, a50, a95] = [
      percentile(direct.map(pick), 50),
      percentile(direct.map(pick), 95),
      percentile(viaApp.map(pick), 50),
      percentile(viaApp.map(pick), 95),
    ] as [number, number, number, number];
    console.info(
      `${name.padEnd(18)} direct p50 ${f(d50)} p95 ${f(d95)} | app p50 ${f(a50)} p95 ${f(a95)} | added p50 ${f(a50 - d50)} p95 ${f(a95 - d95)} | ratio p50 ${(a50 / d50).toFixed(2)} p95 ${(a95 / d95).toFixed(2)}`,
    );
  };
  console.info(
    `${mode}: ${concurrency} concurrent streams, ${TOKEN_DELAY_MS} ms per token, ${direct.length} direct and ${viaApp.length} app replies, ${database.provider}; times in ms`,
  );
  row("time to 1st token", (t) => t.firstToken);
  row("total", (t) => t.total);
  // The lag is the time between the ticks of a 10 ms timer: what is above 10 ms is waiting.
  const worst = (pick: (lag: (typeof lags)[number]) => number) => Math.max(...lags.map(pick)).toFixed(1);
  const share = (ms: number) => `${((100 * ms) / used.wall).toFixed(0)} %`;
  console.info(
    `app's event loop, the worst of its rounds: timer ticks p50 ${worst((l) => l.p50)} p99 ${worst((l) => l.p99)} max ${worst((l) => l.max)} ms apart (10 when nothing waits)`,
  );
  console.info(
    `CPU in use during the app's rounds, of ${availableParallelism() * 100} % on this machine: the app's main thread ${share(used.main)}, its other threads and npm's process ${share(used.app - used.main)}, ${database.provider === "postgres" ? `Postgres ${share(used.database)}, ` : ""}the model server ${share(used.model)}, this bench's clients ${share(used.bench)}; the machine busy ${share(used.machine)} in all, ${share(used.steal)} of it taken by the hypervisor`,
  );
} finally {
  await stop();
  await model.stop();
}
