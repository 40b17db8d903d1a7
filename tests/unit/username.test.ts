import { describe, expect, it } from "vitest";
import { usernameSchema } from "@/lib/auth/credentials";
import { canonicalUsername, mixesScripts } from "@/lib/auth/username";

describe("canonicalUsername", () => {
  it("makes lookalike spellings one name: case, fullwidth forms, ligatures, sharp s", () => {
    for (const name of ["Alice", "ALICE", "ＡＬＩＣＥ", "alice"])
      expect(canonicalUsername(name)).toBe("alice");
    expect(canonicalUsername("ﬁona")).toBe("fiona");
    expect(canonicalUsername("Straße")).toBe(canonicalUsername("STRASSE"));
  });
});

describe("mixed scripts", () => {
  it("refuses a Latin name with a Cyrillic or Greek letter in it", () => {
    expect(mixesScripts("\u0430lice")).toBe(true); // Cyrillic а
    expect(mixesScripts("p\u0430ypal")).toBe(true);
    expect(mixesScripts("\u03bfscar")).toBe(true); // Greek ο
    expect(usernameSchema.safeParse("\u0430lice").success).toBe(false);
  });

  it("accepts names in one script, and scripts written together", () => {
    for (const name of ["alice", "алиса", "山田たろう", "김철수", "Ωμέγα", "user_42", "José.María"]) {
      expect(mixesScripts(name)).toBe(false);
    }
    expect(mixesScripts("tanaka田中")).toBe(false);
    expect(usernameSchema.safeParse("алиса").success).toBe(true);
  });
});
