import { describe, expect, it, vi } from "vitest";
import { recentlyUsed } from "@/lib/db/recently-used";

describe("recentlyUsed", () => {
  it("makes each value once while it is kept, and lets go of the one used longest ago", () => {
    const kept = recentlyUsed<string>(2);
    const make = vi.fn((key: string) => `made ${key}`);
    expect(kept.get("a", () => make("a"))).toBe("made a");
    expect(kept.get("b", () => make("b"))).toBe("made b");
    expect(kept.get("a", () => make("a"))).toBe("made a");
    expect(make).toHaveBeenCalledTimes(2);

    // "b" was used longest ago: "c" takes its place, and "a" stays.
    kept.get("c", () => make("c"));
    kept.get("a", () => make("a"));
    expect(make).toHaveBeenCalledTimes(3);
    kept.get("b", () => make("b"));
    expect(make).toHaveBeenCalledTimes(4);
  });
});
