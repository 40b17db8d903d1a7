// npm test: builds the app, then runs the unit and integration tests (Vitest) and the end-to-end
// tests (Playwright, Chromium). DATABASE_URL=postgres://… runs them against a fresh database on
// that Postgres server instead of a temporary SQLite file, and adds the cluster tests (three
// instances behind HAProxy, which must be installed: .ci/run installs it).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const steps = [
  ["next", ["build"]],
  ["node", ["scripts/assemble-bundle.mjs"]],
  ["vitest", ["run", "--project", "unit", "--project", "integration"]],
  // Alone, after the rest: these measure how long the server keeps others waiting.
  ["vitest", ["run", "--project", "stalls"]],
  ["playwright", ["test"]],
];

// On Postgres, three instances behind a load balancer (HAProxy), alone too: SQLite is one instance.
if (/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) {
  steps.splice(3, 0, ["vitest", ["run", "--project", "cluster"]]);
}

// Debian's Chromium is used where present; elsewhere Playwright fetches its own browser once.
if (!["/usr/bin/chromium", "/usr/bin/chromium-browser"].some((file) => existsSync(file))) {
  steps.unshift(["playwright", ["install", "chromium"]]);
}

const started = performance.now();
for (const [command, args] of steps) {
  const stepStarted = performance.now();
  console.info(`\n> ${command} ${args.join(" ")}`);
  const program = command === "node" ? process.execPath : `node_modules/.bin/${command}`;
  const result = spawnSync(program, args, {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  console.info(`< ${command} ${args[0]}: ${seconds(stepStarted)} s (${seconds(started)} s in all)`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function seconds(since) {
  return Math.round((performance.now() - since) / 1000);
}
