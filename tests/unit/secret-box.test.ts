import { describe, expect, it } from "vitest";
import { dataKey, open, seal } from "@/lib/crypto/secret-box";

describe("sealed secrets", () => {
  const key = dataKey({ appSecret: "an app secret of enough length for the test" });

  it("open with the key they were sealed with, and are never stored as they were", () => {
    const sealed = seal("sk-live-123", key);
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain("sk-live-123");
    expect(seal("sk-live-123", key)).not.toBe(sealed);
    expect(open(sealed, key)).toBe("sk-live-123");
  });

  it("do not open with another key, or when tampered with", () => {
    const sealed = seal("sk-live-123", key);
    expect(open(sealed, dataKey({ appSecret: "another secret entirely, just as long" }))).toBeNull();
    expect(open(sealed, dataKey({ configured: "DATA_ENCRYPTION_KEY value", appSecret: "x" }))).toBeNull();
    const bytes = Buffer.from(sealed.slice(3), "base64");
    bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 1;
    expect(open(`v1:${bytes.toString("base64")}`, key)).toBeNull();
    expect(open("garbage", key)).toBeNull();
  });

  it("take DATA_ENCRYPTION_KEY over the app's secret when it is set", () => {
    const a = dataKey({ configured: "one", appSecret: "s" });
    const b = dataKey({ configured: "one", appSecret: "another" });
    expect(a.equals(b)).toBe(true);
    expect(a.length).toBe(32);
  });
});
