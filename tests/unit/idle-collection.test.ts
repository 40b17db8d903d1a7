import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { idleCollector } from "@/lib/memory/idle-collection.mjs";

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

function collector(quietMs = 1_000) {
  const collect = vi.fn();
  const onCollected = vi.fn();
  return { collect, onCollected, idle: idleCollector({ quietMs, collect, onCollected }) };
}

describe("the collection while idle", () => {
  it("runs once when the server has been quiet for a while after work, and not again until there is more", () => {
    const { collect, onCollected, idle } = collector();
    vi.advanceTimersByTime(5_000);
    expect(collect).not.toHaveBeenCalled();

    idle.begin("/api")();
    vi.advanceTimersByTime(500);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_500);
    expect(collect).toHaveBeenCalledTimes(1);
    expect(onCollected).toHaveBeenCalledWith(expect.any(Number));
    vi.advanceTimersByTime(10_000);
    expect(collect).toHaveBeenCalledTimes(1);

    idle.begin("/api/sessions")();
    vi.advanceTimersByTime(2_000);
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it("waits while a request is still in flight, however long it takes", () => {
    const { collect, idle } = collector();
    const end = idle.begin("/api");
    vi.advanceTimersByTime(60_000);
    expect(collect).not.toHaveBeenCalled();
    end();
    vi.advanceTimersByTime(500);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_500);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it("takes no health check or metric scrape for work, nor as keeping the server busy", () => {
    const { collect, idle } = collector();
    for (let second = 0; second < 30; second++) {
      idle.begin("/api/health")();
      idle.begin("/api/metrics")();
      vi.advanceTimersByTime(1_000);
    }
    expect(collect).not.toHaveBeenCalled();

    idle.begin("/interact_history")();
    for (let second = 0; second < 3; second++) {
      idle.begin("/api/health")();
      vi.advanceTimersByTime(1_000);
    }
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it("never runs when turned off, or without node's --expose-gc", () => {
    const off = collector(0);
    const onCollected = vi.fn();
    const unavailable = idleCollector({ quietMs: 1_000, collect: undefined, onCollected });
    off.idle.begin("/api")();
    unavailable.begin("/api")();
    vi.advanceTimersByTime(60_000);
    expect(off.collect).not.toHaveBeenCalled();
    expect(onCollected).not.toHaveBeenCalled();
  });
});
