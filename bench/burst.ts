// 50 requests started at the same instant, from a load generator that does as little as it can:
// one keep-alive connection per request opened beforehand, each request's bytes made beforehand,
// all written in one loop, and the time each one's first words arrive read off the raw bytes.
// Through fetch, writing the 50 requests cost the bench more than the server took to answer
// them (a cookie jar, headers objects, and the answers already arriving interleaved with the
// requests not yet sent), so a burst measured the bench as much as the server.
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

export type BurstTarget = {
  url: string;
  /** Any request the server answers quickly, to open the connections with. */
  warmPath: string;
  headers?: Record<string, string>;
  /** The text whose arrival means the reply's first words have come. */
  firstWords: string;
};

/** Keep-alive connections to `target`, `count` of them open, ready for a burst. */
async function openConnections(target: BurstTarget, count: number): Promise<Agent> {
  const agent = new Agent({ keepAlive: true, maxSockets: count, maxFreeSockets: count });
  await Promise.all(
    Array.from({ length: count }, () => send(agent, target, "GET", target.warmPath).then(drainText)),
  );
  return agent;
}

type Answer = { status: number; text: Promise<string>; firstWordsAt: Promise<number> };

function send(
  agent: Agent,
  target: BurstTarget,
  method: string,
  path: string,
  body?: string,
  firstWords = "",
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, target.url);
    const req = request(
      url,
      {
        agent,
        method,
        headers: {
          ...target.headers,
          ...(body === undefined
            ? {}
            : { "content-type": "application/json", "content-length": Buffer.byteLength(body) }),
        },
      },
      (response) => {
        response.setEncoding("utf8");
        let text = "";
        let firstWordsAt: (at: number) => void = () => {};
        const seen = new Promise<number>((done) => {
          firstWordsAt = done;
        });
        let found = !firstWords;
        response.on("data", (piece: string) => {
          text += piece;
          if (!found && text.includes(firstWords)) {
            found = true;
            firstWordsAt(performance.now());
          }
        });
        const ended = new Promise<string>((done, fail) => {
          response.on("end", () => {
            if (!found) firstWordsAt(Number.NaN);
            done(text);
          });
          response.on("error", fail);
        });
        resolve({ status: response.statusCode ?? 0, text: ended, firstWordsAt: seen });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const drainText = (answer: Answer) => answer.text;

/**
 * Sends one POST of each body in `bodies` to `target` at once, each over a connection opened just
 * before (a server closes idle ones after a few seconds); how long each took, from the instant they
 * were all sent off, until its first words arrived (ms). Every reply is read to its end before this
 * returns.
 */
export async function burst(target: BurstTarget, path: string, bodies: string[]): Promise<number[]> {
  const agent = await openConnections(target, bodies.length);
  // The connections' own requests are over and forgotten before the burst.
  await sleep(300);
  try {
    const started = performance.now();
    const answers = bodies.map((body) => send(agent, target, "POST", path, body, target.firstWords));
    return await Promise.all(
      answers.map(async (pending) => {
        const answer = await pending;
        const at = await answer.firstWordsAt;
        await answer.text;
        if (answer.status !== 200) throw new Error(`a burst request was answered ${answer.status}`);
        return at - started;
      }),
    );
  } finally {
    agent.destroy();
  }
}
