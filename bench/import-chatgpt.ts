// bench/import-chatgpt: how much memory the app holds while it imports a large ChatGPT export.
// Writes a conversations.json of about 300 MB (2,000 conversations of 60 messages, each with a
// branch) and the ZIP of it, then imports each through POST /api/import of the production build
// (run `npm run build` first) into its own account, and prints the server's resident memory before,
// its peak during each import (VmHWM, reset before each), the time taken, and the peak over the
// memory at rest next to the file's size.
//
//   npx tsx bench/import-chatgpt.ts [megabytes=300]
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { startApp } from "../tests/fixtures/app-server";
import { loggedInClient } from "../tests/fixtures/http-client";
import { createTestDatabase } from "../tests/fixtures/test-database";
import { createUser } from "../tests/fixtures/users";
import { zipOf } from "../tests/fixtures/zip";
import { memoryMb, serverPid } from "./measure";

const megabytes = Number(process.argv[2] ?? 300);
const MESSAGES = 60;
let seed = 7;
function random(below: number): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % below;
}
// A vocabulary of 5,000 made-up words, so that the text compresses about as prose does.
const LETTERS = "etaoinshrdlucmfwypvbgkjqxz";
const WORDS = Array.from({ length: 5000 }, () =>
  Array.from({ length: 3 + random(7) }, () => LETTERS[random(5 + random(21))]).join(""),
);
const word = () => WORDS[random(WORDS.length)] as string;
const sentence = (words: number) => Array.from({ length: words }, word).join(" ");

/** One conversation of ChatGPT's export: a chain of messages, the second question asked twice. */
function conversation(index: number) {
  const mapping: Record<string, unknown> = {
    root: { id: "root", parent: null, children: [], message: null },
  };
  let parent = "root";
  for (let turn = 0; turn < MESSAGES; turn++) {
    const id = `c${index}-m${turn}`;
    const role = turn % 2 === 0 ? "user" : "assistant";
    mapping[id] = {
      id,
      parent,
      children: [],
      message: {
        id,
        author: { role, name: null, metadata: {} },
        create_time: 1_767_225_600 + index * 1000 + turn,
        content: { content_type: "text", parts: [sentence(role === "user" ? 60 : 420)] },
        status: "finished_successfully",
        recipient: "all",
        metadata: role === "assistant" ? { model_slug: "gpt-4o" } : {},
      },
    };
    if (turn === 2) {
      mapping[`${id}-b`] = { ...(mapping[id] as object), id: `${id}-b`, parent };
    }
    parent = id;
  }
  return {
    title: `Voyage ${index}`,
    create_time: 1_767_225_600 + index * 1000,
    update_time: 1_767_225_600 + index * 1000 + MESSAGES,
    mapping,
    current_node: parent,
    conversation_id: `bench-${index}`,
    id: `bench-${index}`,
  };
}

const parts: string[] = [];
let size = 0;
while (size < megabytes * 1024 * 1024) {
  const part = JSON.stringify(conversation(parts.length));
  parts.push(part);
  size += part.length + 1;
}
const count = parts.length;
const json = Buffer.from(`[${parts.join(",")}]`);
parts.length = 0;
const zip = zipOf([{ name: "conversations.json", data: json }]);
console.info(
  `conversations.json: ${(json.length / 1024 / 1024).toFixed(0)} MB, ${count} conversations of ${MESSAGES + 1} messages; its ZIP: ${(zip.length / 1024 / 1024).toFixed(0)} MB`,
);

const database = await createTestDatabase();
const JSON_USER = { username: "json", password: "benchmark-password" };
const ZIP_USER = { username: "zipped", password: "benchmark-password" };
const users = [JSON_USER, ZIP_USER];
for (const user of users) await createUser(user, { DATABASE_URL: database.url });
const f = (mb: number) => `${mb.toFixed(0).padStart(5)} MB`;
console.info(
  `\nOn ${database.url.startsWith("postgres") ? "Postgres" : "SQLite"}, each import on a server just started:`,
);
try {
  for (const [user, body, type] of [
    [JSON_USER, json, "application/json"],
    [ZIP_USER, zip, "application/zip"],
  ] as const) {
    const app = await startApp({ DATABASE_URL: database.url, MAX_IMPORT_BYTES: String(400 * 1024 * 1024) });
    try {
      const pid = serverPid(app.processGroup);
      const client = await loggedInClient(app.url, user.username, user.password);
      const atRest = memoryMb(pid, "VmRSS");
      writeFileSync(`/proc/${pid}/clear_refs`, "5"); // resets VmHWM to the present RSS
      const started = performance.now();
      const response = await client.fetch("/api/import", {
        method: "POST",
        headers: { "content-type": type },
        body: new Uint8Array(body),
      });
      const result = (await response.json()) as { imported?: number; error?: string };
      const seconds = (performance.now() - started) / 1000;
      if (response.status !== 200) throw new Error(`import answered ${response.status}: ${result.error}`);
      const peak = memoryMb(pid, "VmHWM");
      console.info(
        `${type.padEnd(18)} ${f(body.length / 1024 / 1024)} sent, ${result.imported} conversations in ${seconds.toFixed(0)} s:` +
          `  RSS at rest ${f(atRest)}, peak ${f(peak)}, peak over rest ${f(peak - atRest)}` +
          ` (x${((peak - atRest) / (json.length / 1024 / 1024)).toFixed(2)} of the JSON's size)`,
      );
    } finally {
      await app.stop();
    }
  }
} finally {
  await database.drop();
}
