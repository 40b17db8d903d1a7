import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { isWeakSecret, resolveAuthSecret } from "@/lib/auth/secret";
import { parseEnv } from "@/lib/env";

describe("parseEnv", () => {
  it("fills in defaults", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe("file:./data/chat.db");
    expect(env.MODEL_TIMEOUT_MS).toBe(60_000);
    expect(env.OPENAI_MODEL).toBe("gpt-4o-mini");
  });

  it("takes SQLite's commits as normal unless full is asked for, and nothing else", () => {
    expect(parseEnv({}).SQLITE_SYNCHRONOUS).toBe("normal");
    expect(parseEnv({ SQLITE_SYNCHRONOUS: "full" }).SQLITE_SYNCHRONOUS).toBe("full");
    expect(() => parseEnv({ SQLITE_SYNCHRONOUS: "off" })).toThrow(/SQLITE_SYNCHRONOUS/);
  });

  it("treats blank values as unset", () => {
    expect(parseEnv({ OPENAI_BASE_URL: "", MODEL_TIMEOUT_MS: "" }).MODEL_TIMEOUT_MS).toBe(60_000);
  });

  it("names every bad variable", () => {
    expect(() =>
      parseEnv({ DATABASE_URL: "mysql://x", MODEL_TIMEOUT_MS: "-5", OPENAI_BASE_URL: "localhost" }),
    ).toThrow(/DATABASE_URL[\s\S]*OPENAI_BASE_URL[\s\S]*MODEL_TIMEOUT_MS|DATABASE_URL/);
    try {
      parseEnv({ DATABASE_URL: "mysql://x", MODEL_TIMEOUT_MS: "-5", OPENAI_BASE_URL: "localhost" });
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ["DATABASE_URL", "MODEL_TIMEOUT_MS", "OPENAI_BASE_URL"])
        expect(message).toContain(name);
    }
  });
});

describe("the auth secret", () => {
  it("calls short, placeholder and repetitive secrets weak", () => {
    for (const weak of [
      "secret",
      "changeme",
      "a".repeat(40),
      "please-change-me-in-production-now!!",
      "x1y2",
    ]) {
      expect(isWeakSecret(weak)).toBe(true);
    }
    expect(isWeakSecret("Zq3v9L0pXw2mB7nK4tR8yH1cF6dJ5sA0")).toBe(false);
  });

  it("is refused in production when weak, allowed in development", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "secret-"));
    expect(() => resolveAuthSecret({ configured: "changeme", dataDir, production: true })).toThrow(
      /NEXTAUTH_SECRET/,
    );
    expect(resolveAuthSecret({ configured: "changeme", dataDir, production: false })).toBe("changeme");
  });

  it("is generated once into a file only its owner can read, and reused", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "secret-"));
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const first = resolveAuthSecret({ configured: undefined, dataDir, production: true });
    const second = resolveAuthSecret({ configured: undefined, dataDir, production: true });
    info.mockRestore();
    expect(first).toBe(second);
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, "nextauth-secret");
    expect(readFileSync(file, "utf8").trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
