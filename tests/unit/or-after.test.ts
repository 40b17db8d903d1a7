import { afterEach, describe, expect, it, vi } from "vitest";
import { orAfter } from "@/lib/async/or-after";

afterEach(() => {
  vi.useRealTimers();
});

describe("orAfter", () => {
  it("gives what the promise settles to, and leaves no timer behind", async () => {
    vi.useFakeTimers();
    const settled = orAfter(Promise.resolve("the summary"), 2_000, null);
    await expect(settled).resolves.toBe("the summary");
    // A timer left pending would hold the context it was made in (a request's) for 2 s.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("gives the fallback once the time has passed without the promise", async () => {
    vi.useFakeTimers();
    const never = new Promise<string>(() => {});
    const settled = orAfter(never, 2_000, null);
    await vi.advanceTimersByTimeAsync(1_999);
    let result: string | null | undefined;
    void settled.then((value) => {
      result = value;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(result).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("passes on the promise's failure, and leaves no timer behind", async () => {
    vi.useFakeTimers();
    await expect(orAfter(Promise.reject(new Error("no summary")), 2_000, null)).rejects.toThrow("no summary");
    expect(vi.getTimerCount()).toBe(0);
  });
});
