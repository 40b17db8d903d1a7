import { describe, expect, it } from "vitest";
import { hashPassword, verifyAgainstDecoy, verifyPassword } from "@/lib/auth/password";

describe("password hashing", () => {
  it("verifies the right password and refuses others", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).not.toContain("correct");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts: the same password hashes differently each time", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });

  it("does not truncate long passwords (bcrypt would at 72 bytes)", async () => {
    const long = "p".repeat(100);
    const hash = await hashPassword(long);
    expect(await verifyPassword(`${long}x`, hash)).toBe(false);
    expect(await verifyPassword("p".repeat(72), hash)).toBe(false);
    expect(await verifyPassword(long, hash)).toBe(true);
  });

  it("treats unicode consistently", async () => {
    const hash = await hashPassword("pässwörd-ñ-日本");
    expect(await verifyPassword("pässwörd-ñ-日本", hash)).toBe(true);
    // The same text in decomposed form is the same password.
    expect(await verifyPassword("pässwörd-ñ-日本".normalize("NFD"), hash)).toBe(true);
  });

  it("refuses malformed stored hashes and always refuses the decoy", async () => {
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
    expect(await verifyAgainstDecoy("anything")).toBe(false);
  });
});
