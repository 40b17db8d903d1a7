import { once } from "node:events";
import { connect, createServer, type Socket } from "node:net";
import { setImmediate as nextPass } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { requestSlices } from "@/lib/http/request-slices.mjs";

/** Holds the event loop for `ms`, as a request's synchronous work does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // working
  }
}

const noErrors = (error: unknown) => {
  throw error;
};

/** Resolves once every request of `slices` has been started. */
async function allStarted(slices: { waiting: number }): Promise<void> {
  while (slices.waiting > 0) await nextPass();
}

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

/** A connection to an echo server on this machine: what is written comes back as I/O. */
async function echoConnection(): Promise<Socket> {
  const server = createServer((socket) => socket.pipe(socket));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  server.close();
  server.unref();
  sockets.push(socket);
  return socket;
}

describe("starting requests a slice at a time", () => {
  it("starts a request at once when none is waiting", () => {
    const slices = requestSlices({ sliceMs: 10, onError: noErrors });
    let started = false;
    slices.start(() => {
      started = true;
    });
    expect(started).toBe(true);
    expect(slices.waiting).toBe(0);
  });

  it("starts what one pass read for one slice, then the rest a slice per pass, in the order they came", async () => {
    const slices = requestSlices({ sliceMs: 10, onError: noErrors });
    const order: number[] = [];
    const startedAt: number[] = [];
    let lastEndedAt = 0;
    for (let index = 0; index < 12; index++) {
      slices.start(() => {
        order.push(index);
        startedAt.push(performance.now());
        busy(4);
        lastEndedAt = performance.now();
      });
    }
    // 4 ms each: the pass starts requests until its 10 ms are spent (three, unless the machine
    // takes this process off its CPU meanwhile), each before they are, and none after.
    const first = order.length;
    expect(order).toEqual([...Array(first).keys()]);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(12);
    const sliceBegan = startedAt[0] as number;
    for (const at of startedAt) expect(at - sliceBegan).toBeLessThan(10);
    expect(lastEndedAt - sliceBegan).toBeGreaterThanOrEqual(10);
    expect(slices.waiting).toBe(12 - first);
    await allStarted(slices);
    expect(order).toEqual([...Array(12).keys()]);
  });

  it("reads what arrives for the requests in flight before it starts the last of a burst", async () => {
    const connection = await echoConnection();
    const events: string[] = [];
    const answer = once(connection, "data").then(() => events.push("answer read"));
    const slices = requestSlices({ sliceMs: 10, onError: noErrors });
    for (let index = 0; index < 20; index++) {
      slices.start(() => {
        // The first request asks something of another server, as a reply asks the model.
        if (index === 0) connection.write("first words");
        busy(3);
        events.push(`started ${index}`);
      });
    }
    await allStarted(slices);
    await answer;
    const answered = events.indexOf("answer read");
    expect(answered).toBeGreaterThan(-1);
    expect(answered).toBeLessThan(events.indexOf("started 19"));
  });

  it("without slices, starts every request as it comes, and the answer waits for them all", async () => {
    const connection = await echoConnection();
    const events: string[] = [];
    const answer = once(connection, "data").then(() => events.push("answer read"));
    const slices = requestSlices({ sliceMs: 0, onError: noErrors });
    for (let index = 0; index < 20; index++) {
      slices.start(() => {
        if (index === 0) connection.write("first words");
        busy(3);
        events.push(`started ${index}`);
      });
    }
    expect(slices.waiting).toBe(0);
    await answer;
    expect(events.indexOf("answer read")).toBe(20);
  });

  it("reports a request whose start throws and goes on with the others", async () => {
    const errors: unknown[] = [];
    const slices = requestSlices({ sliceMs: 5, onError: (error) => errors.push(error) });
    const started: number[] = [];
    for (let index = 0; index < 6; index++) {
      slices.start(() => {
        busy(3);
        if (index % 2 === 1) throw new Error(`request ${index} failed`);
        started.push(index);
      });
    }
    await allStarted(slices);
    expect(started).toEqual([0, 2, 4]);
    expect(errors.map((error) => (error as Error).message)).toEqual([
      "request 1 failed",
      "request 3 failed",
      "request 5 failed",
    ]);
  });
});
