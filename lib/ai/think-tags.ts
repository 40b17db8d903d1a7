// Ollama, llama.cpp and Qwen models write their reasoning into the content, between <think> and
// </think> at its very start. This splits such a stream into reasoning and answer as it arrives,
// whatever the chunk boundaries: a tag may come in pieces.

const OPEN = "<think>";
const CLOSE = "</think>";

export type ThinkSplit = { reasoning: string; answer: string };

/** The length of the longest end of `text` that could be the start of `tag`. */
function partialTagAtEnd(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}

export class ThinkTagSplitter {
  private state: "start" | "thinking" | "answer" = "start";
  private pending = "";
  // After </think> the answer begins at its first character that is not white space.
  private trimAnswerStart = false;

  /** Feeds the next piece of content; returns what it adds to the reasoning and to the answer. */
  push(piece: string): ThinkSplit {
    if (this.state === "answer") return { reasoning: "", answer: this.answerPart(piece) };
    this.pending += piece;
    if (this.state === "start") {
      const lead = this.pending.trimStart();
      if (lead.length < OPEN.length && OPEN.startsWith(lead)) return { reasoning: "", answer: "" };
      if (!lead.startsWith(OPEN)) {
        this.state = "answer";
        return this.take("", this.pending);
      }
      this.state = "thinking";
      this.pending = lead.slice(OPEN.length);
    }
    const end = this.pending.indexOf(CLOSE);
    if (end !== -1) {
      this.state = "answer";
      this.trimAnswerStart = true;
      const reasoning = this.pending.slice(0, end);
      return this.take(reasoning, this.answerPart(this.pending.slice(end + CLOSE.length)));
    }
    const keep = partialTagAtEnd(this.pending, CLOSE);
    const reasoning = this.pending.slice(0, this.pending.length - keep);
    this.pending = this.pending.slice(this.pending.length - keep);
    return { reasoning, answer: "" };
  }

  /** What is still held back when the stream ends: a lone `<thi` is answer text after all. */
  end(): ThinkSplit {
    const rest = this.pending;
    this.pending = "";
    return this.state === "thinking" ? { reasoning: rest, answer: "" } : { reasoning: "", answer: rest };
  }

  private answerPart(piece: string): string {
    if (!this.trimAnswerStart) return piece;
    const trimmed = piece.replace(/^\s+/, "");
    if (trimmed) this.trimAnswerStart = false;
    return trimmed;
  }

  private take(reasoning: string, answer: string): ThinkSplit {
    this.pending = "";
    return { reasoning, answer };
  }
}
