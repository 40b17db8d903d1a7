import { describe, expect, it } from "vitest";
import { groupByDate } from "@/components/date-groups";
import type { ApiConversation } from "@/lib/chat/api-conversation";

const conversation = (id: string, updated: Date): ApiConversation => ({
  session_id: id,
  title: null,
  summary: id,
  preview: null,
  model: null,
  system_prompt: null,
  temperature: null,
  folder_id: null,
  pinned: false,
  archived: false,
  created_at: updated.toISOString(),
  updated_at: updated.toISOString(),
});

describe("groupByDate", () => {
  it("sorts conversations into today, yesterday, the previous 7 days and older", () => {
    const now = new Date(2026, 10, 24, 15, 0);
    const groups = groupByDate(
      [
        conversation("a", new Date(2026, 10, 24, 9, 0)),
        conversation("b", new Date(2026, 10, 23, 23, 59)),
        conversation("c", new Date(2026, 10, 20, 12, 0)),
        conversation("d", new Date(2026, 9, 1, 12, 0)),
        conversation("e", new Date(2026, 10, 24, 0, 0)),
      ],
      now,
    );
    expect(groups.map((group) => [group.label, group.conversations.map((c) => c.session_id)])).toEqual([
      ["Today", ["a", "e"]],
      ["Yesterday", ["b"]],
      ["Previous 7 days", ["c"]],
      ["Older", ["d"]],
    ]);
  });

  it("puts pinned conversations first, whenever they were used", () => {
    const now = new Date(2026, 10, 24, 15, 0);
    const old = { ...conversation("old", new Date(2026, 0, 1)), pinned: true };
    const groups = groupByDate([conversation("today", new Date(2026, 10, 24, 9, 0)), old], now);
    expect(groups.map((group) => [group.label, group.conversations.map((c) => c.session_id)])).toEqual([
      ["Pinned", ["old"]],
      ["Today", ["today"]],
    ]);
  });

  it("leaves out empty groups", () => {
    const now = new Date();
    expect(groupByDate([conversation("a", now)], now).map((group) => group.label)).toEqual(["Today"]);
  });
});
