// What the Docker image holds, without Docker (these machines run no containers): the files the
// Dockerfile's last stage copies, copied into an empty folder as it names them, started there alone
// with the image's own command, settings and health check. A file the image would miss fails here.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort, ROOT, waitUntilServing } from "../fixtures/app-server";
import { makePdf, makePng, uploaded } from "../fixtures/files";
import { loggedInClient } from "../fixtures/http-client";
import { type MockOpenAI, requestsOf, startMockOpenAI, textOf } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, createUser } from "../fixtures/users";

type Stage = {
  workdir: string;
  env: Record<string, string>;
  copies: string[][];
  cmd: string[];
  health: string[];
};

/** The Dockerfile's stages, as far as this test needs them (one instruction per logical line). */
function readDockerfile(): Stage[] {
  const lines = readFileSync(path.join(ROOT, "Dockerfile"), "utf8")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [instruction = "", ...rest] = line.split(/\s+/);
    const args = line.slice(instruction.length).trim();
    const stage = stages.at(-1);
    if (instruction === "FROM") stages.push({ workdir: "/", env: {}, copies: [], cmd: [], health: [] });
    else if (!stage) continue;
    else if (instruction === "WORKDIR") stage.workdir = args;
    else if (instruction === "ENV") {
      for (const [, key, value] of args.matchAll(/(\w+)=(\S+)/g)) stage.env[key as string] = value as string;
    } else if (instruction === "COPY") stage.copies.push(rest.filter((part) => !part.startsWith("--")));
    else if (instruction === "CMD") stage.cmd = JSON.parse(args);
    else if (instruction === "HEALTHCHECK") stage.health = JSON.parse(args.slice(args.indexOf("CMD") + 3));
  }
  return stages;
}

let database: TestDatabase;
let mock: MockOpenAI;
let folder: string;
let server: ChildProcess;
let url: string;
let run: Stage;
let runEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  const stages = readDockerfile();
  const build = stages[0] as Stage;
  run = stages.at(-1) as Stage;
  folder = mkdtempSync(path.join(tmpdir(), "chat-image-"));
  // The image's /app is this folder; the build stage's /src is this checkout, built.
  const inImage = (file: string) =>
    path.join(folder, path.relative(run.workdir, path.resolve(run.workdir, file)));
  for (const copy of run.copies) {
    const [source, target] = [copy.slice(0, -1), copy.at(-1) as string];
    for (const from of source) {
      cpSync(path.join(ROOT, path.relative(build.workdir, from)), inImage(target), {
        recursive: true,
        dereference: true,
      });
    }
  }
  mkdirSync(inImage("data"), { recursive: true });

  database = await createTestDatabase();
  mock = await startMockOpenAI();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const imageEnv = Object.fromEntries(
    Object.entries(run.env).map(([key, value]) => [key, value.replaceAll(run.workdir, folder)]),
  );
  // Nothing of this checkout's environment but PATH, as in a container.
  runEnv = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    NODE_ENV: "production",
    ...imageEnv,
    HOSTNAME: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: database.provider === "postgres" ? database.url : (imageEnv.DATABASE_URL as string),
    OPENAI_BASE_URL: mock.baseURL,
    OPENAI_MODEL: "mock-model",
  };
  const [command, ...args] = run.cmd;
  server = spawn(command as string, args, { cwd: folder, env: runEnv, stdio: "ignore", detached: true });
  await waitUntilServing(`${url}/api/health`, {
    name: "The image's command",
    exitCode: () => server.exitCode,
  });
  // The account is made with the image's own CLI, as `docker exec … node server/user.mjs add` would.
  await createUser(ADA, runEnv, { folder });
}, 120_000);

afterAll(async () => {
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    process.kill(-server.pid, "SIGKILL");
    await exited;
  }
  await mock?.close();
  await database?.drop();
  rmSync(folder, { recursive: true, force: true });
});

it("the image's files alone serve the app: its health check passes, a user logs in, attaches files and chats", async () => {
  const [command, ...args] = run.health;
  const health = spawnSync(command as string, args, { cwd: folder, env: runEnv, encoding: "utf8" });
  expect(health.status).toBe(0);

  const ada = await loggedInClient(url, ADA.username, ADA.password);
  expect((await ada.fetch("/interact_history")).status).toBe(200);
  // Images go through sharp and PDFs through their worker thread: both must be in the image.
  const image = await uploaded(ada, await makePng(), "photo.png");
  const pdf = await uploaded(ada, makePdf(["Figures from the image test"]), "report.pdf");
  const thumbnail = await ada.fetch(`/api/files/${image.id}?thumb=1`);
  expect(thumbnail.status).toBe(200);
  expect(thumbnail.headers.get("content-type")).toMatch(/^image\//);
  const sessionId = await ada.newSession();
  const text = "Hello from inside the image";
  const response = await ada.postJson("/api", {
    data: text,
    session_id: sessionId,
    attachments: [pdf.id],
  });
  const body = (await response.json()) as { data: string };
  expect(response.status, JSON.stringify(body)).toBe(200);
  expect(body.data).toMatch(/^Echo: /);
  expect(body.data).toContain(text);
  const sent = (await requestsOf(mock.url)).find((request) =>
    textOf(request.messages?.at(-1)?.content).includes(text),
  );
  expect(textOf(sent?.messages?.at(-1)?.content)).toContain("Figures from the image test");
});

it("stops on SIGTERM, as a container runtime stops it, and exits 0", async () => {
  const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
  process.kill(server.pid as number, "SIGTERM");
  expect(await exited).toBe(0);
});
