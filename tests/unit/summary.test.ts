import { describe, expect, it } from "vitest";
import { cleanSummary } from "@/lib/ai/summary";

describe("cleanSummary", () => {
  it("keeps one line, without quotes or trailing punctuation", () => {
    expect(cleanSummary('  "Kubernetes deployment rollout"\n')).toBe("Kubernetes deployment rollout");
    expect(cleanSummary("python\nasyncio\r\ntimeouts.")).toBe("python asyncio timeouts");
    expect(cleanSummary("**bold keywords**")).toBe("bold keywords");
  });

  it("gives null for nothing useful", () => {
    expect(cleanSummary("  \n ")).toBeNull();
    expect(cleanSummary('""')).toBeNull();
  });

  it("shortens a rambling answer to fit the sidebar", () => {
    const summary = cleanSummary("word ".repeat(100)) as string;
    expect(summary.length).toBeLessThanOrEqual(120);
    expect(summary.endsWith("…")).toBe(true);
  });
});
