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
      { role: "user", content: "first" },
      { role: "user", content: "again" },
      { role: "assistant", content: "answer" },
      { role: "user", content: "more" },
    ]);
  });
});
