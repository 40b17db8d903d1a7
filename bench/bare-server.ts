// Builds and starts bench/bare-app, the bare Next.js app of the same version the app is measured
// against, in a process group of its own (for its CPU time and memory).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { freePort, ROOT, waitUntilServing } from "../tests/fixtures/app-server";

export const BARE_APP = path.join(ROOT, "bench", "bare-app");
const NEXT = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

export type BareServer = { url: string; processGroup: number; stop: () => Promise<void> };

/** `next build` of the bare app, unless it is built already (BARE_REBUILD=1 builds it again). */
export function buildBareApp(): void {
  if (existsSync(path.join(BARE_APP, ".next", "BUILD_ID")) && process.env.BARE_REBUILD !== "1") return;
  const built = spawnSync(process.execPath, [NEXT, "build", BARE_APP], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`building the bare app failed:\n${built.stdout}\n${built.stderr}`);
}

export async function startBareApp(
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<BareServer> {
  buildBareApp();
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, NEXT, "start", BARE_APP, "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      detached: true,
      stdio: "ignore",
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(`${url}/api/json`, {
    name: "The bare app",
    exitCode: () => child.exitCode,
    timeoutMs: 30_000,
  });
  return {
    url,
    processGroup: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode !== null || !child.pid) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    },
  };
}
