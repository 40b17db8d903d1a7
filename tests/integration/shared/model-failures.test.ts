import { beforeAll, describe, expect, inject, it } from "vitest";
import { messagesOf } from "../../fixtures/db-query";
import { type Client, loggedInClient } from "../../fixtures/http-client";
import { expectedReply } from "../../fixtures/mock-openai";
import { ADA } from "../../fixtures/users";

const appUrl = inject("appUrl");
const databaseUrl = inject("databaseUrl");

let ada: Client;

beforeAll(async () => {
  ada = await loggedInClient(appUrl, ADA.username, ADA.password);
});

describe("when the model fails", () => {
  it.each([
    ["answers 500", "[[status:500]]", 502],
    ["answers 429", "[[status:429]]", 502],
    ["cuts the stream mid-way", "[[cut-after:2]]", 502],
    ["sends an error event mid-way", "[[error-after:2]]", 502],
    ["sends an event that is not JSON", "[[garbage-after:2]]", 502],
    ["sends an event that never ends", "[[endless-event]]", 502],
    ["sends nothing at all", "[[hang]]", 504],
    ["goes silent mid-reply", "[[hang-after:2]]", 504],
  ])(
    "when it %s: %s, the user's message stays saved and the next message works",
    async (_name, directive, status) => {
      const sessionId = await ada.newSession();
      const started = Date.now();
      const failed = await ada.postJson("/api", {
        data: `Tell me about looms ${directive}`,
        session_id: sessionId,
      });
      expect(failed.status).toBe(status);
      const { error } = (await failed.json()) as { error: string };
      expect(error).toMatch(/model/i);
      // An error event's own reason reaches the user.
      if (directive.includes("error-after")) {
        expect(error).toBe("The model server reported an error: The server is overloaded.");
      }
      if (status === 504) expect(Date.now() - started).toBeLessThan(10_000);

      const stored = await messagesOf(databaseUrl, sessionId);
      expect(stored[0]).toMatchObject({
        role: "user",
        content: `Tell me about looms ${directive}`,
        status: "complete",
      });
      expect(stored[1]).toMatchObject({ role: "assistant", status: "error" });
      if (directive.includes("error-after")) expect(stored[1]?.error).toBe(error);
      if (directive.includes("after:2")) expect(stored[1]?.content).toBe("Echo: Tell ");

      const next = await ada.postJson("/api", { data: "Try again please", session_id: sessionId });
      expect(next.status).toBe(200);
      const body = (await next.json()) as { data: string; history: { role: string; status: string }[] };
      // The failed reply is not shown to the model: it sees both user messages.
      expect(body.data).toBe(expectedReply("Try again please", 2));
      expect(body.history.map((entry) => `${entry.role}:${entry.status}`)).toEqual([
        "user:complete",
        "assistant:error",
        "user:complete",
        "assistant:complete",
      ]);
    },
  );

  it("a stream with CRLF line endings, keep-alive comments and events split across packets is read whole", async () => {
    const sessionId = await ada.newSession();
    const response = await ada.postJson("/api", {
      data: "Weave a long answer [[ragged]]",
      session_id: sessionId,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: string; status: string };
    expect(body).toMatchObject({
      data: expectedReply("Weave a long answer [[ragged]]", 1),
      status: "complete",
    });
  });

  it("a hanging summary call neither fails nor holds up the reply for long", async () => {
    const sessionId = await ada.newSession();
    const started = Date.now();
    const response = await ada.postJson("/api", {
      data: "Jacquard punch cards [[summary-hang]]",
      session_id: sessionId,
    });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
