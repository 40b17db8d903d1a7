// Starts the test model server in a process of its own, so that the bench's requests and the
// model's answers do not wait for each other on one event loop: in one process, the 50 requests
// of a burst were written before the model could answer the first of them.
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { createInterface } from "node:readline";
import { ROOT } from "../tests/fixtures/app-server";

export type ModelServer = { url: string; baseURL: string; pid: number; stop: () => Promise<void> };

export async function startModelServer(): Promise<ModelServer> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "bench", "model-server-main.ts")],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  const [line] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
  const { url, baseURL } = JSON.parse(line) as { url: string; baseURL: string };
  return {
    url,
    baseURL,
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
