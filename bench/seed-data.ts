// bench/seed-data: fills a database with one user ("bench", password "benchmark-password") who owns
// 10,000 conversations and 1,000,000 messages of realistic length: user messages of 5 to 60 words,
// replies of 30 to 200, drawn from a 5,000-word vocabulary with a Zipf distribution (so some words
// are in most messages and others in few). One conversation has 10,000 messages and twenty have
// 1,000 (for bench/history); the word "xylophonist" is in exactly 5 of them.
// Ten other users share the database, as on a real instance: nine with 10,000 messages each, and one
// with 500,000 that all contain "xylophonist", so that most of that word's matches are someone
// else's (a search that looked at other users' rows would pay for them).
//
//   DATABASE_URL=file:./data/bench.db npx tsx bench/seed-data.ts [scale=1]
// scale 0.01 makes a database a hundred times smaller, with the same shape.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { hashPassword } from "@/lib/auth/password";
import { migrate } from "@/lib/db/migrate";
import { providerOf, sqlitePathOf } from "@/lib/db/provider";
import { indexNotedMessages } from "@/lib/db/search-index-batches";
import { uuidv7 } from "@/lib/ids";
import { registerSqliteSearchFunctions } from "@/lib/search/segment";
import { BENCH_USER } from "./bench-user";

const databaseUrl = process.env.DATABASE_URL ?? "file:./data/bench.db";
const scale = Number(process.argv[2] ?? 1);
const CONVERSATIONS = Math.round(10_000 * scale);
const MESSAGES = Math.round(1_000_000 * scale);
export const RARE_WORD = "xylophonist";

// A deterministic pseudo-random generator, so that two seeds give the same data.
let state = 42;
function random(): number {
  state = (state * 1_664_525 + 1_013_904_223) >>> 0;
  return state / 2 ** 32;
}

const syllables = [
  "ka",
  "lo",
  "mi",
  "ren",
  "ta",
  "vo",
  "si",
  "der",
  "an",
  "tor",
  "el",
  "qui",
  "pa",
  "mon",
  "us",
];
const vocabulary = Array.from({ length: 5_000 }, (_, i) => {
  let word = "";
  for (let n = i + 1; n > 0; n = Math.floor(n / syllables.length)) word += syllables[n % syllables.length];
  return word;
});
// Zipf: the k-th word is drawn with probability proportional to 1/k.
const cumulative: number[] = [];
vocabulary.reduce((sum, _, k) => {
  cumulative.push(sum + 1 / (k + 1));
  return sum + 1 / (k + 1);
}, 0);
function word(): string {
  const target = random() * (cumulative.at(-1) as number);
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((cumulative[mid] as number) < target) low = mid + 1;
    else high = mid;
  }
  return vocabulary[low] as string;
}
function text(minWords: number, maxWords: number): string {
  const count = minWords + Math.floor(random() * (maxWords - minWords));
  const words = Array.from({ length: count }, word);
  return `${words.join(" ")}.`;
}

type Row = [string, string, string, string, string, string, string];

type Owner = { username: string; conversations: number; messages: number; rare: "five" | "every" | "none" };

const OWNERS: Owner[] = [
  { username: BENCH_USER.username, conversations: CONVERSATIONS, messages: MESSAGES, rare: "five" },
  {
    username: "neighbour-0",
    conversations: Math.round(5_000 * scale),
    messages: Math.round(500_000 * scale),
    rare: "every",
  },
  ...Array.from({ length: 9 }, (_, i) => ({
    username: `neighbour-${i + 1}`,
    conversations: Math.max(1, Math.round(100 * scale)),
    messages: Math.round(10_000 * scale),
    rare: "none" as const,
  })),
];

function* plan(owner: Owner): Generator<{ conversationId: string; rows: Row[]; at: number }> {
  const big = owner.username === BENCH_USER.username;
  const sizes = big
    ? [Math.round(10_000 * scale), ...Array.from({ length: 20 }, () => Math.round(1_000 * scale))]
    : [];
  const rest = owner.messages - sizes.reduce((a, b) => a + b, 0);
  const others = owner.conversations - sizes.length;
  for (let i = 0; i < others; i++) sizes.push(Math.floor(rest / others) + (i < rest % others ? 1 : 0));
  let rareLeft = owner.rare === "five" ? 5 : 0;
  const start = Date.now() - 365 * 24 * 3600 * 1000;
  let clock = start;
  for (const size of sizes) {
    const conversationId = randomUUID();
    const rows: Row[] = [];
    for (let m = 0; m < size; m++) {
      clock += 1_000;
      const role = m % 2 === 0 ? "user" : "assistant";
      let content = role === "user" ? text(5, 60) : text(30, 200);
      if (owner.rare === "every" || (rareLeft > 0 && random() < 5 / owner.messages)) {
        content = `${content} ${RARE_WORD}`;
        rareLeft--;
      }
      const at = new Date(clock).toISOString();
      rows.push([uuidv7(clock), conversationId, role, content, "complete", at, at]);
    }
    yield { conversationId, rows, at: clock };
  }
}

async function seedSqlite(owner: Owner, userId: string, passwordHash: string) {
  const sqlite = new Database(sqlitePathOf(databaseUrl));
  registerSqliteSearchFunctions(sqlite);
  sqlite.pragma("synchronous = OFF");
  sqlite
    .prepare(
      `INSERT INTO "users" ("id", "username", "username_key", "password_hash", "role", "created_at") VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(
      userId,
      owner.username,
      owner.username,
      passwordHash,
      owner.username === BENCH_USER.username ? "admin" : "user",
      new Date().toISOString(),
    );
  const conversation = sqlite.prepare(
    `INSERT INTO "conversations" ("id", "user_id", "summary", "created_at", "updated_at") VALUES (?, ?, ?, ?, ?)`,
  );
  const message = sqlite.prepare(
    `INSERT INTO "messages" ("id", "conversation_id", "user_id", "role", "content", "status", "created_at", "updated_at") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insert = sqlite.transaction((batch: { conversationId: string; rows: Row[]; at: number }[]) => {
    for (const { conversationId, rows, at } of batch) {
      const time = new Date(at).toISOString();
      conversation.run(conversationId, userId, text(3, 7), rows[0]?.[5] ?? time, time);
      for (const [id, cid, role, content, status, created, updated] of rows) {
        message.run(id, cid, userId, role, content, status, created, updated);
      }
    }
  });
  let batch: { conversationId: string; rows: Row[]; at: number }[] = [];
  let done = 0;
  for (const item of plan(owner)) {
    batch.push(item);
    if (batch.reduce((n, b) => n + b.rows.length, 0) >= 20_000) {
      insert(batch);
      done += batch.reduce((n, b) => n + b.rows.length, 0);
      batch = [];
      process.stdout.write(`\r${done} messages`);
    }
  }
  insert(batch);
  // The messages are noted for the search index (migration 0021): indexed here, as the app would.
  while (indexNotedMessages(sqlite)) process.stdout.write(".");
  sqlite.close();
}

async function seedPostgres(owner: Owner, userId: string, passwordHash: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    `INSERT INTO "users" ("id", "username", "username_key", "password_hash", "role", "created_at") VALUES ($1, $2, $2, $3, $4, now())`,
    [userId, owner.username, passwordHash, owner.username === BENCH_USER.username ? "admin" : "user"],
  );
  let done = 0;
  let pending: { conversationId: string; rows: Row[]; at: number }[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    await client.query("BEGIN");
    for (const { conversationId, rows, at } of pending) {
      const time = new Date(at).toISOString();
      await client.query(
        `INSERT INTO "conversations" ("id", "user_id", "summary", "created_at", "updated_at") VALUES ($1, $2, $3, $4, $5)`,
        [conversationId, userId, text(3, 7), rows[0]?.[5] ?? time, time],
      );
    }
    const rows = pending.flatMap((item) => item.rows);
    for (let i = 0; i < rows.length; i += 2_000) {
      const chunk = rows.slice(i, i + 2_000);
      await client.query(
        `INSERT INTO "messages" ("id", "conversation_id", "user_id", "role", "content", "status", "created_at", "updated_at")
         SELECT id, cid, $1, role, content, status, created::timestamp, updated::timestamp
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
           AS t(id, cid, role, content, status, created, updated)`,
        [userId, ...[0, 1, 2, 3, 4, 5, 6].map((column) => chunk.map((row) => row[column]))],
      );
    }
    await client.query("COMMIT");
    done += rows.length;
    pending = [];
    process.stdout.write(`\r${done} messages`);
  };
  for (const item of plan(owner)) {
    pending.push(item);
    if (pending.reduce((n, b) => n + b.rows.length, 0) >= 20_000) await flush();
  }
  await flush();
  await client.query("ANALYZE");
  await client.end();
}

const started = Date.now();
await migrate(databaseUrl);
const passwordHash = await hashPassword(BENCH_USER.password);
for (const owner of OWNERS) {
  const userId = randomUUID();
  if (providerOf(databaseUrl) === "sqlite") await seedSqlite(owner, userId, passwordHash);
  else await seedPostgres(owner, userId, passwordHash);
}
const total = OWNERS.reduce((sum, owner) => sum + owner.messages, 0);
console.info(
  `\nSeeded ${CONVERSATIONS} conversations and ${MESSAGES} messages for ${BENCH_USER.username}, ${total - MESSAGES} for ten other users, into ${databaseUrl} in ${((Date.now() - started) / 1000).toFixed(0)} s.`,
);
