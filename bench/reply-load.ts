// What the reply benches share: the prompt, reading a reply to its end, running calls a few at a
// time, requests sent for a while on many connections, and conversations whose next reply is a
// second turn (their summaries long written).
import { performance } from "node:perf_hooks";
import { readEvents } from "../lib/chat/read-events";
import type { Client } from "../tests/fixtures/http-client";

export const PROMPT =
  "Tell me in a few plain words how the analytical engine stored its numbers on columns of wheels, one digit to a wheel, and how the mill worked";

/** Reads an event stream to its end; the number of events. */
export async function drain(response: Response): Promise<number> {
  let events = 0;
  for await (const _ of readEvents(response)) events++;
  return events;
}

/** Runs `run` for 0..count-1, `parallel` at a time. */
export async function inParallel(
  count: number,
  run: (index: number) => Promise<unknown>,
  parallel = 4,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) await run(next++);
    }),
  );
}

/** `connections` loops sending one request after another for `ms`: how many were answered 2xx. */
export async function requestsFor(
  ms: number,
  send: () => Promise<Response>,
  connections = 50,
): Promise<number> {
  let answered = 0;
  const until = performance.now() + ms;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const response = await send();
        await response.arrayBuffer();
        if (response.ok) answered++;
      }
    }),
  );
  return answered;
}

// What the app sends the model for a conversation's second turn; the bare relay sends the same.
export const MODEL_BODY = {
  model: "mock-model",
  messages: [
    { role: "user", content: "warm up" },
    { role: "assistant", content: "Echo: warm up (1 messages)" },
    { role: "user", content: PROMPT },
  ],
  stream: true,
  stream_options: { include_usage: true },
};

/** One reply through the bare app's relay (bench/bare-app), read to its end. */
export const bareRelayReply = async (bareUrl: string) =>
  drain(
    await fetch(`${bareUrl}/api/relay`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(MODEL_BODY),
    }),
  );

/** One streamed reply to PROMPT in the conversation `sessionId`, read to its end. */
export const appReply = async (client: Client, sessionId: string) =>
  drain(
    await client.postJson("/api", { data: PROMPT, session_id: sessionId }, { accept: "text/event-stream" }),
  );

/** `count` new conversations, each with one turn already answered. */
export async function answeredConversations(client: Client, count: number): Promise<string[]> {
  const sessions: string[] = [];
  await inParallel(count, async () => {
    const sessionId = await client.newSession();
    await drain(
      await client.postJson(
        "/api",
        { data: "warm up", session_id: sessionId },
        { accept: "text/event-stream" },
      ),
    );
    sessions.push(sessionId);
  });
  return sessions;
}
