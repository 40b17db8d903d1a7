// bench/history: how fast a user with a large history is served, through the HTTP API of the
// production build (run `npm run build` first) on a database filled by bench/seed-data. Measures the
// first page of /api/sessions, the first page of the 10,000-message conversation, a search for a
// rare word (one another user has in every message) and for a common one, and deleting a conversation
// of 1,000 messages (so it deletes up to twenty of them: seed again before the next run).
//
//   DATABASE_URL=file:./data/bench.db npx tsx bench/history.ts [repetitions=20]
import { performance } from "node:perf_hooks";
import { startApp } from "../tests/fixtures/app-server";
import { query } from "../tests/fixtures/db-query";
import { loggedInClient } from "../tests/fixtures/http-client";
import { BENCH_USER } from "./bench-user";
import { percentile } from "./measure";

const databaseUrl = process.env.DATABASE_URL ?? "file:./data/bench.db";
const repetitions = Number(process.argv[2] ?? 20);

const app = await startApp({ DATABASE_URL: databaseUrl });
try {
  const client = await loggedInClient(app.url, BENCH_USER.username, BENCH_USER.password);
  // The seeded 10,000- and 1,000-message conversations, found by their size (setup, not measured).
  const sizes = await query<{ id: string; count: number | string }>(
    databaseUrl,
    `SELECT m."conversation_id" AS id, COUNT(*) AS count FROM "messages" m
     JOIN "users" u ON u."id" = m."user_id" WHERE u."username" = $1
     GROUP BY m."conversation_id" ORDER BY COUNT(*) DESC LIMIT 21`,
    [BENCH_USER.username],
  );
  const biggest = sizes[0]?.id;
  const deletable = sizes.slice(1).map((row) => row.id);

  const time = async (name: string, run: (i: number) => Promise<Response>, times = repetitions) => {
    const samples: number[] = [];
    for (let i = 0; i < times; i++) {
      const started = performance.now();
      const response = await run(i);
      await response.arrayBuffer();
      samples.push(performance.now() - started);
      if (!response.ok) throw new Error(`${name}: ${response.status}`);
    }
    console.info(
      `${name.padEnd(44)} p50 ${percentile(samples, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(samples, 95).toFixed(1).padStart(7)} ms   (${samples.length} runs)`,
    );
  };

  console.info(`On ${databaseUrl}:`);
  await time("first page of /api/sessions", () => client.fetch("/api/sessions"));
  await time("first page of the largest conversation", () =>
    client.fetch(`/api/sessions/${biggest}?limit=50`),
  );
  // In 5 of bench's messages, and in every one of a neighbour's 500,000.
  await time("search for a rare word (xylophonist)", () => client.fetch("/api/search?q=xylophonist"));
  await time("search for a word in 1% of messages (quivoren)", () => client.fetch("/api/search?q=quivoren"));
  await time("search for a common word (ka)", () => client.fetch("/api/search?q=ka"));
  await time("search for a common prefix (lo)", () => client.fetch("/api/search?q=lo"));
  await time(
    "delete a conversation of 1,000 messages",
    (i) => client.fetch(`/api/sessions/${deletable[i]}`, { method: "DELETE" }),
    Math.min(repetitions, deletable.length),
  );
} finally {
  await app.stop();
}
