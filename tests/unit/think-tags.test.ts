import { describe, expect, it } from "vitest";
import { ThinkTagSplitter } from "@/lib/ai/think-tags";

function split(pieces: string[]) {
  const splitter = new ThinkTagSplitter();
  let reasoning = "";
  let answer = "";
  for (const piece of [...pieces.map((p) => splitter.push(p)), splitter.end()]) {
    reasoning += piece.reasoning;
    answer += piece.answer;
  }
  return { reasoning, answer };
}

describe("ThinkTagSplitter", () => {
  it("takes the reasoning out of <think>…</think> at the start, whatever the chunks", () => {
    const whole = "<think>Consider the cases.</think>\n\nThe answer is 4.";
    expect(split([whole])).toEqual({ reasoning: "Consider the cases.", answer: "The answer is 4." });
    // Every way of cutting the text in two gives the same.
    for (let at = 1; at < whole.length; at++) {
      expect(split([whole.slice(0, at), whole.slice(at)])).toEqual({
        reasoning: "Consider the cases.",
        answer: "The answer is 4.",
      });
    }
    expect(split([..."<think>a</think>b"])).toEqual({ reasoning: "a", answer: "b" });
  });

  it("leaves content without a leading <think> alone, tags later in the text included", () => {
    expect(split(["Hello ", "<think>not reasoning</think>"])).toEqual({
      reasoning: "",
      answer: "Hello <think>not reasoning</think>",
    });
    expect(split(["<th", "ings>"])).toEqual({ reasoning: "", answer: "<things>" });
    expect(split(["<thi"])).toEqual({ reasoning: "", answer: "<thi" });
  });

  it("tolerates white space before the tag, and a stream that ends while thinking", () => {
    expect(split(["\n <think>", "deep"])).toEqual({ reasoning: "deep", answer: "" });
  });
});
