import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // lib/ modules guard against client bundles with `server-only`; tests are server code.
      "server-only": path.join(root, "tests/support/server-only.ts"),
    },
  },
  test: {
    projects: [
      // Most integration files run two at a time: each starts an app of its own and spends most of
      // its time waiting for it (the run took half as long as one at a time). The projects that run
      // together must agree on how many workers they use.
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", maxWorkers: 2 },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          exclude: [
            ...configDefaults.exclude,
            "tests/integration/shared/**",
            "tests/integration/stalls/**",
            "tests/integration/cluster/**",
          ],
          environment: "node",
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The files that share one app and its two users (shared/global-setup.ts): one at a time,
        // once the others are done, so that none sees another's requests for the same users.
        extends: true,
        test: {
          name: "integration-shared",
          include: ["tests/integration/shared/**/*.test.ts"],
          environment: "node",
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          globalSetup: ["tests/integration/shared/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Tests that measure how long the server keeps others waiting: they run one at a time, after
        // the rest (scripts/test.mjs), so that no other test's load is in their figures.
        extends: true,
        test: {
          name: "stalls",
          include: ["tests/integration/stalls/**/*.test.ts"],
          environment: "node",
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        // Postgres only (scripts/test.mjs runs them on Postgres, alone): three instances and a load
        // balancer, which measure how fast a reply reaches another instance; and raw SQL beside
        // Prisma's client on Postgres.
        extends: true,
        test: {
          name: "cluster",
          include: ["tests/integration/cluster/**/*.test.ts"],
          environment: "node",
          fileParallelism: false,
          sequence: { groupOrder: 3 },
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
