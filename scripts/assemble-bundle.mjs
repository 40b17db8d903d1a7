// After `next build`: completes .next/standalone, the folder the Docker image is made of and
// `npm start` serves, with what Next.js's tracing leaves out: the static assets, the HTTP server
// and the modules it imports, the migrations, and the migration runner and the accounts' CLI, each
// bundled into one file so that the bundle needs neither tsx nor the sources. (The PDF reader's
// worker thread is bundled by Next.js itself, unpdf inside it.)
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const bundle = path.join(root, ".next", "standalone");
if (!existsSync(path.join(bundle, ".next", "BUILD_ID"))) {
  throw new Error('No .next/standalone: run `next build` (with output: "standalone") first.');
}

const copy = (from, to = from) =>
  cpSync(path.join(root, from), path.join(bundle, to), { recursive: true, dereference: true });

rmSync(path.join(bundle, ".next", "static"), { recursive: true, force: true });
copy(".next/static");
if (existsSync(path.join(root, "public"))) copy("public");
for (const file of [
  "server/main.mjs",
  "lib/http/request-slices.mjs",
  "lib/http/route-label.mjs",
  "lib/http/trust-proxy.mjs",
  "lib/log/censor-secrets.mjs",
  "lib/log/logger.mjs",
  "lib/memory/idle-collection.mjs",
]) {
  copy(file);
}
copy("prisma/migrations");

/**
 * A command-line script of the checkout, bundled into one file of the bundle's server/ folder, so
 * that it runs with plain node where the sources and tsx are not (the Docker image).
 */
async function bundleScript(name, { external = [], conditions = [] } = {}) {
  await build({
    entryPoints: [path.join(root, "scripts", `${name}.ts`)],
    outfile: path.join(bundle, "server", `${name}.mjs`),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    conditions,
    // Native or already in the bundle's node_modules.
    external: ["better-sqlite3", "pg", "pino", "@next/env", ...external],
    alias: { "@": root },
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: "warning",
  });
}

await bundleScript("migrate");
// The accounts' CLI (`npm run user` in the checkout): lib/ is server code, whose modules import
// `server-only`, which only the react-server condition lets in. Prisma's client runtime is in the
// bundle's node_modules already (the server uses it).
await bundleScript("user", { external: ["@prisma/client"], conditions: ["react-server"] });
console.info("Assembled .next/standalone");
