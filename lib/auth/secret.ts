import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { log } from "@/lib/log/logger.mjs";

const PLACEHOLDERS = new Set([
  "secret",
  "changeme",
  "change-me",
  "replace-me",
  "your-secret",
  "nextauth-secret",
]);
export const MIN_SECRET_LENGTH = 32;

export function isWeakSecret(secret: string): boolean {
  const normalised = secret.trim().toLowerCase();
  return (
    normalised.length < MIN_SECRET_LENGTH ||
    PLACEHOLDERS.has(normalised) ||
    normalised.includes("change") ||
    /^(.)\1*$/.test(normalised)
  );
}

/**
 * The secret that signs session cookies. When NEXTAUTH_SECRET is unset, one is generated once and
 * kept in DATA_DIR (mode 0600) so sessions survive restarts; a weak secret is refused in production.
 */
export function resolveAuthSecret({
  configured,
  dataDir,
  production,
}: {
  configured: string | undefined;
  dataDir: string;
  production: boolean;
}): string {
  if (configured) {
    if (production && isWeakSecret(configured)) {
      throw new Error(
        `NEXTAUTH_SECRET is too weak: use at least ${MIN_SECRET_LENGTH} random characters (openssl rand -base64 32), or unset it to have one generated.`,
      );
    }
    return configured;
  }
  const file = path.resolve(dataDir, "nextauth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const generated = randomBytes(32).toString("base64url");
  try {
    writeFileSync(file, `${generated}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process got there first: use its secret.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw error;
  }
  chmodSync(file, 0o600);
  log.info({ file }, "NEXTAUTH_SECRET is not set: generated one and saved it, readable only by its owner");
  return generated;
}
