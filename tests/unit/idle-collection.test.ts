import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { idleCollector } from "@/lib/memory/idle-collection.mjs";
import { startScriptNodeFlags } from "../fixtures/app-server";

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
    expect(onCollected).toHaveBeenCalledTimes(1);
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

describe("the collection it runs", () => {
  // In a node of its own, as the server runs (npm start's flags): garbage that has reached the old
  // generation, then the collection; what V8 did is read from its own GC entries.
  const child = `
    import { constants, PerformanceObserver } from "node:perf_hooks";
    import { fullCollection } from ${JSON.stringify(path.join(import.meta.dirname, "../../lib/memory/idle-collection.mjs"))};
    let garbage = [];
    for (let i = 0; i < 500_000; i++) garbage.push({ i, text: "row " + i });
    const kinds = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) kinds.push(entry.detail.kind);
    }).observe({ entryTypes: ["gc"] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    garbage = null;
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    fullCollection(globalThis.gc)();
    const heldMs = performance.now() - started;
    const major = () => kinds.includes(constants.NODE_PERFORMANCE_GC_MAJOR);
    for (let waited = 0; waited < 3_000 && !major(); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    console.log(JSON.stringify({ major: major(), before, after: process.memoryUsage().heapUsed, heldMs }));
  `;

  it("is a full one, which gives the old generation's garbage back, without holding the event loop", () => {
    const flags = startScriptNodeFlags();
    expect(flags).toContain("--expose-gc");
    const run = spawnSync(process.execPath, [...flags, "--input-type=module", "-e", child], {
      encoding: "utf8",
      timeout: 10_000,
    });
    expect(run.stderr).toBe("");
    const { major, before, after, heldMs } = JSON.parse(run.stdout);
    expect(major).toBe(true);
    expect(before).toBeGreaterThan(30e6);
    expect(after).toBeLessThan(before / 4);
    expect(heldMs).toBeLessThan(10);
  }, 15_000);
});
