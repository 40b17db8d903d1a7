// bench/attachments: what 1,000 images in a conversation cost when it is opened and written into.
// Imports two conversations of 2,000 messages (1,000 of the user's, 1,000 replies) through
// POST /api/import, the same words in both, one with a distinct picture on each of the user's
// messages; then, taking turns between them, opens each (the API's first page of messages, and the
// chat page itself) and sends into each, to a model that cannot see images and to one that can.
// Prints, for each, the time per operation and the server's CPU time per operation, with the
// ratio of the conversation with images to the one without. The production build is measured (run
// `npm run build` first), on a fresh SQLite file or, with DATABASE_URL=postgres://…, a fresh
// database on that server.
//
//   npx tsx bench/attachments.ts [repetitions=30]      (KEEP=1 keeps the database, to look into it)
import { performance } from "node:perf_hooks";
import sharp from "sharp";
import { startApp } from "../tests/fixtures/app-server";
import { type Client, loggedInClient } from "../tests/fixtures/http-client";
import { startMockOpenAI } from "../tests/fixtures/mock-openai";
import { createTestDatabase } from "../tests/fixtures/test-database";
import { createUser } from "../tests/fixtures/users";
import { BENCH_USER } from "./bench-user";
import { groupCpuMs, percentile } from "./measure";

const repetitions = Number(process.argv[2] ?? 30);
const TURNS = 1000;
const IMAGE_SIDE = 160;

/** A picture of noise, different for each seed, so that no two are the same file. */
async function noisePng(seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(IMAGE_SIDE * IMAGE_SIDE * 3);
  let state = seed * 2654435761;
  for (let i = 0; i < pixels.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    pixels[i] = state >>> 24;
  }
  return sharp(pixels, { raw: { width: IMAGE_SIDE, height: IMAGE_SIDE, channels: 3 } })
    .png()
    .toBuffer();
}

async function exportFile(withImages: boolean) {
  const start = Date.parse("2026-01-01T00:00:00Z");
  const at = (index: number) => new Date(start + index * 1000).toISOString();
  const messages = [];
  for (let turn = 0; turn < TURNS; turn++) {
    const words = `Question ${turn} about the picture of the harbour at dawn, and what the boats carry.`;
    messages.push({
      role: "user",
      content: words,
      timestamp: at(turn * 2),
      attachments: withImages
        ? [{ name: `photo-${turn}.png`, data: (await noisePng(turn + 1)).toString("base64") }]
        : [],
    });
    messages.push({
      role: "assistant",
      content: `Answer ${turn}: the boats carry nets, rope and the morning's catch to the market by the quay.`,
      timestamp: at(turn * 2 + 1),
    });
  }
  return {
    format: "chat-history-export",
    version: 1,
    conversations: [{ created_at: at(0), updated_at: at(TURNS * 2), messages }],
  };
}

type Sample = { ms: number; cpuMs: number };

const database = await createTestDatabase();
const mock = await startMockOpenAI({ models: ["plain-model", "vision-model"] });
await createUser(BENCH_USER, { DATABASE_URL: database.url });
const app = await startApp({
  DATABASE_URL: database.url,
  OPENAI_BASE_URL: mock.baseURL,
  OPENAI_MODEL: "plain-model",
  MAX_IMPORT_BYTES: String(200 * 1024 * 1024),
});

try {
  const client = await loggedInClient(app.url, BENCH_USER.username, BENCH_USER.password);
  const marked = await client.patchJson("/api/admin/models/vision-model", { vision: true });
  if (marked.status !== 200) throw new Error(`marking the vision model answered ${marked.status}`);

  const importOne = async (withImages: boolean): Promise<string> => {
    const started = performance.now();
    const response = await client.postJson("/api/import", await exportFile(withImages));
    if (response.status !== 200)
      throw new Error(`import answered ${response.status}: ${await response.text()}`);
    const [id] = ((await response.json()) as { session_ids: string[] }).session_ids;
    console.info(
      `imported ${TURNS * 2} messages${withImages ? `, ${TURNS} images of ${IMAGE_SIDE}x${IMAGE_SIDE}` : ""} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return id as string;
  };
  const withImages = await importOne(true);
  const without = await importOne(false);

  const measure = async (run: () => Promise<Response>): Promise<Sample> => {
    const cpu = groupCpuMs(app.processGroup);
    const started = performance.now();
    const response = await run();
    await response.arrayBuffer();
    const ms = performance.now() - started;
    if (!response.ok) throw new Error(`answered ${response.status}`);
    return { ms, cpuMs: groupCpuMs(app.processGroup) - cpu };
  };

  /** Runs an operation on both conversations in turn, `repetitions` times, after a warm-up. */
  const compare = async (
    name: string,
    operation: (client: Client, sessionId: string) => Promise<Response>,
  ) => {
    await measure(() => operation(client, withImages));
    await measure(() => operation(client, without));
    const images: Sample[] = [];
    const plain: Sample[] = [];
    for (let i = 0; i < repetitions; i++) {
      images.push(await measure(() => operation(client, withImages)));
      plain.push(await measure(() => operation(client, without)));
    }
    const p50 = (samples: Sample[], pick: (s: Sample) => number) => percentile(samples.map(pick), 50);
    const cpu = (samples: Sample[]) => samples.reduce((sum, s) => sum + s.cpuMs, 0) / samples.length;
    const [wallImages, wallPlain] = [p50(images, (s) => s.ms), p50(plain, (s) => s.ms)];
    const [cpuImages, cpuPlain] = [cpu(images), cpu(plain)];
    const f = (n: number) => n.toFixed(1).padStart(6);
    console.info(
      `${name.padEnd(52)} p50 ${f(wallImages)} vs ${f(wallPlain)} ms  x${(wallImages / wallPlain).toFixed(2)}   ` +
        `CPU ${f(cpuImages)} vs ${f(cpuPlain)} ms  x${(cpuImages / cpuPlain).toFixed(2)}`,
    );
  };

  console.info(
    `\nOn ${database.url.startsWith("postgres") ? "Postgres" : "SQLite"}, ${repetitions} runs each:`,
  );
  console.info(`${"".padEnd(52)}     with 1,000 images vs without          server CPU per operation`);
  await compare("open: first page of messages (API)", (c, id) => c.fetch(`/api/sessions/${id}`));
  await compare("open: the chat page", (c, id) => c.fetch(`/interact_history/${id}`));
  // As the chat sends: the reply streamed as events.
  await compare("send, streamed, to a model that cannot see", (c, id) =>
    c.postJson(
      "/api",
      { data: "What did the boats carry?", session_id: id, model: "plain-model" },
      { accept: "text/event-stream" },
    ),
  );
  // As the original JSON API answers: the reply and the whole history, files named on each message.
  await compare("send, JSON with history, to a model that cannot see", (c, id) =>
    c.postJson("/api", { data: "What did the boats carry?", session_id: id, model: "plain-model" }),
  );
  // To a model that sees, the newest images go again with each turn (at most 8 of them).
  await compare("send, streamed, to a model that sees", (c, id) =>
    c.postJson(
      "/api",
      { data: "And in the last picture?", session_id: id, model: "vision-model" },
      { accept: "text/event-stream" },
    ),
  );
} finally {
  await app.stop();
  await mock.close();
  if (process.env.KEEP) console.info(`kept ${database.url}`);
  else await database.drop();
}
