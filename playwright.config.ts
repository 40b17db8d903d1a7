import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3107);
// Debian's Chromium where it is installed (offline machines, CI); Playwright's own browser elsewhere.
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((file) => existsSync(file));

// The specs that start an app (and a database) of their own, so that their users and settings meet
// no other spec's: they may run beside any other. The rest share the one server (webServer below).
const E2E_DIR = path.join(import.meta.dirname, "tests", "e2e");
const OWN_APP_SPECS = readdirSync(E2E_DIR)
  .filter((file) => file.endsWith(".spec.ts"))
  .filter((file) => readFileSync(path.join(E2E_DIR, file), "utf8").includes("startApp("));

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  // Two specs at a time, but those driving the shared server (webServer below) one at a time.
  workers: 2,
  forbidOnly: true,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: systemChromium,
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-gpu",
        "--disable-component-update",
      ],
    },
  },
  projects: [
    { name: "own-app", testMatch: OWN_APP_SPECS, use: { ...devices["Desktop Chrome"] } },
    // The shared server's first user is its administrator, whichever spec makes it: one at a time.
    { name: "shared-app", testIgnore: OWN_APP_SPECS, workers: 1, use: { ...devices["Desktop Chrome"] } },
  ],
  webServer: {
    command: "npx tsx tests/fixtures/e2e-server.ts",
    url: `http://127.0.0.1:${port}/api/health`,
    env: { E2E_PORT: String(port) },
    reuseExistingServer: false,
    timeout: 120_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "pipe",
  },
});
