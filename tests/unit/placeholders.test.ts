import { describe, expect, it } from "vitest";
import { placeholders, withQuestionMarks } from "@/lib/db/placeholders";

describe("placeholders", () => {
  it("numbers a list from where it is told to start", () => {
    expect(placeholders(3)).toBe("$1, $2, $3");
    expect(placeholders(2, 5)).toBe("$5, $6");
    expect(placeholders(0)).toBe("");
  });
});

describe("withQuestionMarks", () => {
  it("orders the parameters as their placeholders appear, repeats and all", () => {
    expect(withQuestionMarks(`SELECT $2, $1, $2, $10`, ["a", "b", 3, 4, 5, 6, 7, 8, 9, "j"])).toEqual([
      "SELECT ?, ?, ?, ?",
      ["b", "a", "b", "j"],
    ]);
  });

  it("passes each parameter through the conversion given", () => {
    expect(withQuestionMarks("VALUES ($1, $2)", [true, 2], (value) => (value === true ? 1 : value))).toEqual([
      "VALUES (?, ?)",
      [1, 2],
    ]);
  });

  it("gives each run of the same statement its own parameters", () => {
    const sql = `UPDATE "t" SET "a" = $2 WHERE "id" = $1 AND "b" = $2`;
    expect(withQuestionMarks(sql, ["first", 1])).toEqual([
      `UPDATE "t" SET "a" = ? WHERE "id" = ? AND "b" = ?`,
      [1, "first", 1],
    ]);
    expect(withQuestionMarks(sql, ["second", 2])).toEqual([
      `UPDATE "t" SET "a" = ? WHERE "id" = ? AND "b" = ?`,
      [2, "second", 2],
    ]);
    // Many texts, each kept only so long: the first is still translated when it comes back.
    for (let count = 1; count <= 600; count++) withQuestionMarks(`SELECT ${placeholders(count)}`, []);
    expect(withQuestionMarks(sql, ["third", 3])[1]).toEqual([3, "third", 3]);
  });
});
