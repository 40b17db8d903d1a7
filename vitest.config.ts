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
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "tests/integration/stalls/**", "tests/integration/cluster/**"],
          environment: "node",
          globalSetup: ["tests/integration/global-setup.ts"],
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
          globalSetup: ["tests/integration/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
