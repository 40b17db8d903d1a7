// bench/node-flags: what node's flags cost and save. The server runs as `npm start` runs it, and
// once more for each set of flags given (added after npm start's own, so that they win), each on
// its own SQLite database; the rounds alternate between them so that the machine's load falls on
// each alike. Per round: the CPU per streamed reply (100 second-turn replies, 4 at a time) and per
// `GET /api/sessions` of 50 conversations (300 requests, 20 at a time), from /proc; at the end, the
// resident memory of each. One user drives everything (MAX_CONCURRENT_REPLIES_PER_USER raised).
//
//   npm run bench:flags -- "--max-semi-space-size=16" ["--other --flags" …]   (after `npm run build`)

import { startScriptNodeFlags } from "../tests/fixtures/app-server";
import { startMockOpenAI } from "../tests/fixtures/mock-openai";
import { startBenchApp } from "./bench-app";
import { groupCpuMs, memoryMb } from "./measure";
import { answeredConversations, appReply, inParallel } from "./reply-load";

const ROUNDS = 4;
const REPLIES = 100;
const PAGES = 300;
const variants = ["", ...process.argv.slice(2)];
const mock = await startMockOpenAI();

const servers = [];
for (const flags of variants) {
  // Started directly, the server leads its own process group.
  const bench = await startBenchApp({
    mock,
    start: { direct: true, nodeArgs: flags.split(" ").filter(Boolean) },
  });
  const sessions = await answeredConversations(bench.client, REPLIES);
  servers.push({ flags, ...bench, sessions, reply: [] as number[], page: [] as number[] });
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

for (let round = 0; round < ROUNDS; round++) {
  for (const server of servers) {
    const group = server.app.processGroup;
    server.reply.push(
      await cpuPer(group, REPLIES, (index) => appReply(server.client, server.sessions[index] as string), 4),
    );
    server.page.push(
      await cpuPer(
        group,
        PAGES,
        () => server.client.fetch("/api/sessions?limit=50").then((response) => response.arrayBuffer()),
        20,
      ),
    );
  }
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const each = (values: number[]) => values.map((value) => value.toFixed(1)).join(", ");
console.info(
  `node-flags: npm start's flags are ${startScriptNodeFlags().join(" ") || "none"}; ${ROUNDS} rounds\n`,
);
console.info(
  "| flags added | CPU per reply, mean (rounds) | CPU per /api/sessions, mean (rounds) | memory after |",
);
console.info("| --- | --- | --- | --- |");
for (const server of servers) {
  console.info(
    `| ${server.flags || "(as npm start)"} | ${mean(server.reply).toFixed(2)} ms (${each(server.reply)}) | ${mean(server.page).toFixed(2)} ms (${each(server.page)}) | ${memoryMb(server.app.processGroup).toFixed(0)} MB |`,
  );
}

for (const server of servers) await server.stop();
await mock.close();
