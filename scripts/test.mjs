// npm test: builds the app (unless it is built of these sources already), then runs the unit and
// integration tests (Vitest) and the end-to-end tests (Playwright, Chromium).
// DATABASE_URL=postgres://… runs them against a fresh database on that Postgres server instead of
// a temporary SQLite file, and adds the cluster tests (three instances behind HAProxy, which must
// be installed: .ci/run installs it).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

// What the build is made of: every file of the checkout but the tests, benches and docs (tracked
// or new, as git lists them, and the .env files, which it ignores), the public settings Next.js
// writes into the pages, and Node.js's version. The same sources built before (npm test on SQLite,
// then on Postgres: the build does not depend on the database) are not built again.
const BUILD_STAMP = ".next/test-build.sha256";

function sourceFingerprint() {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  if (listed.status !== 0) return null; // not a git checkout: always build
  const files = listed.stdout
    .toString()
    .split("\0")
    .filter((file) => file && !/^(tests|bench|docs|\.ci)\//.test(file));
  files.push(".env", ".env.local", ".env.production", ".env.production.local");
  const hash = createHash("sha256").update(`${process.version}\0`);
  for (const [name, value] of Object.entries(process.env).sort()) {
    if (name.startsWith("NEXT_PUBLIC_")) hash.update(`${name}=${value}\0`);
  }
  for (const file of [...new Set(files)].sort()) {
    if (existsSync(file)) hash.update(`${file}\0`).update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

/** The stamp names the build too: any other build since (`npm run build`) has another id. */
function stamp() {
  const fingerprint = sourceFingerprint();
  if (fingerprint === null) return null;
  const buildId = existsSync(".next/BUILD_ID") ? readFileSync(".next/BUILD_ID", "utf8") : "none";
  return `${fingerprint} ${buildId}`;
}

const started = performance.now();

function run(command, args) {
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

// Debian's Chromium is used where present; elsewhere Playwright fetches its own browser once.
if (!["/usr/bin/chromium", "/usr/bin/chromium-browser"].some((file) => existsSync(file))) {
  run("playwright", ["install", "chromium"]);
}

const current = stamp();
if (current !== null && existsSync(BUILD_STAMP) && readFileSync(BUILD_STAMP, "utf8") === current) {
  console.info(`\nThe build is of these sources already (${BUILD_STAMP}): not built again.`);
} else {
  run("next", ["build"]);
  run("node", ["scripts/assemble-bundle.mjs"]);
  const built = stamp();
  if (built !== null) writeFileSync(BUILD_STAMP, built);
}

const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
run("vitest", ["run", "--project", "unit", "--project", "integration", "--project", "integration-shared"]);
// On Postgres, three instances behind a load balancer (HAProxy), alone too: SQLite is one instance.
if (onPostgres) run("vitest", ["run", "--project", "cluster"]);
// Alone, after the rest: these measure how long the server keeps others waiting.
run("vitest", ["run", "--project", "stalls"]);
run("playwright", ["test"]);
