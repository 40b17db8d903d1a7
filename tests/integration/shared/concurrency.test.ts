import { expect, inject, it } from "vitest";
import { messagesOf } from "../../fixtures/db-query";
import { loggedInClient } from "../../fixtures/http-client";
import { ADA } from "../../fixtures/users";

const appUrl = inject("appUrl");
const databaseUrl = inject("databaseUrl");

it("40 messages sent at once into 8 conversations all get answers, and all 80 turns are stored", async () => {
  const ada = await loggedInClient(appUrl, ADA.username, ADA.password);
  const sessions = await Promise.all(Array.from({ length: 8 }, () => ada.newSession()));
  const sends = Array.from({ length: 40 }, (_, i) => {
    const sessionId = sessions[i % 8] as string;
    return ada.postJson("/api", { data: `Concurrent message ${i} [[delay:5]]`, session_id: sessionId });
  });
  const responses = await Promise.all(sends);
  expect(responses.map((response) => response.status)).toEqual(Array(40).fill(200));
  const replies = await Promise.all(
    responses.map((response) => response.json() as Promise<{ data: string }>),
  );
  for (const [i, reply] of replies.entries()) expect(reply.data).toContain(`Concurrent message ${i} `);

  let turns = 0;
  for (const sessionId of sessions) {
    const stored = await messagesOf(databaseUrl, sessionId);
    expect(stored.filter((message) => message.role === "user")).toHaveLength(5);
    expect(
      stored.filter((message) => message.role === "assistant" && message.status === "complete"),
    ).toHaveLength(5);
    turns += stored.length;
  }
  expect(turns).toBe(80);
});
