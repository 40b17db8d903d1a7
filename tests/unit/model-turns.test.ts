import { describe, expect, it } from "vitest";
import { toModelTurns } from "@/lib/chat/model-turns";
import type { MessageRecord } from "@/lib/db/messages";

const message = (
  role: MessageRecord["role"],
  content: string,
  status: MessageRecord["status"] = "complete",
) =>
  ({
    id: content,
    conversationId: "c",
    role,
    content,
    status,
    error: null,
    createdAt: new Date(),
  }) as MessageRecord;

describe("toModelTurns", () => {
  it("sends the whole conversation in order, leaving out failed and empty replies", () => {
    const turns = toModelTurns([
      message("user", "first"),
      message("assistant", "half a rep", "error"),
      message("user", "again"),
      message("assistant", "answer"),
      message("assistant", "", "stopped"),
      message("user", "more"),
    ]);
    expect(turns).toEqual([
      { role: "user", content: "first", files: [] },
      { role: "user", content: "again", files: [] },
      { role: "assistant", content: "answer", files: [] },
      { role: "user", content: "more", files: [] },
    ]);
  });

  it("counts documents' text in the budget, and keeps a message that is only its files", () => {
    const doc = (id: string, textChars: number) => ({
      id,
      name: `${id}.txt`,
      kind: "document" as const,
      type: "text/plain",
      textChars,
    });
    const conversation = [
      message("user", "old question"),
      message("assistant", "old answer"),
      message("user", "with a long document"),
      message("assistant", "read it"),
      { ...message("user", ""), id: "only-files" },
    ];
    const files = new Map([
      ["with a long document", [doc("long", 500)]],
      [
        "only-files",
        [{ id: "pic", name: "pic.png", kind: "image" as const, type: "image/png", textChars: 0 }],
      ],
    ]);
    // 20 + 500 + the document's name and tags + 7: the older turns (22 characters) no longer fit.
    const turns = toModelTurns(conversation, 580, files);
    expect(turns.map((turn) => turn.content)).toEqual(["with a long document", "read it", ""]);
    expect(turns.at(-1)?.files.map((file) => file.id)).toEqual(["pic"]);
    expect(toModelTurns(conversation, 10_000, files).map((turn) => turn.content)[0]).toBe("old question");
  });

  it("of a long conversation sends the newest messages that fit, starting with the user's", () => {
    const conversation = [
      message("user", "a".repeat(40)),
      message("assistant", "b".repeat(40)),
      message("user", "c".repeat(40)),
      message("assistant", "d".repeat(40)),
      message("user", "e".repeat(10)),
    ];
    expect(toModelTurns(conversation, 100).map((turn) => turn.content[0])).toEqual(["c", "d", "e"]);
    // Room for the last reply but not the question before it: the reply is left out too.
    expect(toModelTurns(conversation, 60).map((turn) => turn.content[0])).toEqual(["e"]);
    expect(toModelTurns(conversation, 1_000)).toHaveLength(5);
  });

  it("always sends the newest message, however long, alone", () => {
    const turns = toModelTurns([message("user", "old"), message("user", "x".repeat(500))], 100);
    expect(turns).toHaveLength(1);
    expect(turns[0]?.role).toBe("user");
    expect(turns[0]?.content.length).toBe(100);
  });
});

describe("toModelTurns with a newest message longer than the whole budget", () => {
  it("sends at most the budget, keeping the message's beginning and end", () => {
    const long = `BEGIN ${"x".repeat(50_000)} END?`;
    const turns = toModelTurns(
      [message("user", "earlier"), message("assistant", "ok"), message("user", long)],
      1_000,
    );
    expect(turns).toHaveLength(1);
    const [only] = turns;
    expect(only?.content.length).toBeLessThanOrEqual(1_000);
    expect(only?.content.startsWith("BEGIN ")).toBe(true);
    expect(only?.content.endsWith(" END?")).toBe(true);
    expect(only?.content).toMatch(/characters left out/);
  });
});
