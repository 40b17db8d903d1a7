import { describe, expect, it } from "vitest";
import { uuidv7 } from "@/lib/ids";

describe("uuidv7", () => {
  it("is a version 7, variant 1 UUID", () => {
    expect(uuidv7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("sorts in creation order, even for many ids in the same millisecond", () => {
    const now = Date.now() + 10_000;
    const ids = Array.from({ length: 5000 }, () => uuidv7(now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(uuidv7(now + 10_000) > (ids.at(-1) as string)).toBe(true);
  });

  it("never goes backwards when the clock does", () => {
    const later = uuidv7(Date.now() + 50_000);
    expect(uuidv7(Date.now()) > later).toBe(true);
  });

  it("has random bits of its own, however many are made", () => {
    const tails = Array.from({ length: 1000 }, () => uuidv7().slice(19));
    expect(new Set(tails).size).toBe(tails.length);
  });
});
