import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { type Generation, localGenerations } from "./generation";

// Shared through globalThis: the server (server/main.mjs) and the app's bundles are one process.
const DRAINING = Symbol.for("chat.draining");
const DRAIN = Symbol.for("chat.drain");
const state = globalThis as unknown as { [DRAINING]?: boolean; [DRAIN]?: () => Promise<void> };

/**
 * Why a reply was cut at shutdown (the abort's reason): it is then stored as interrupted, with its
 * text so far. A registered symbol, the same in every bundle of the app that loads this module.
 */
export const SHUTDOWN = Symbol.for("chat.shutdown");

export function isDraining(): boolean {
  return state[DRAINING] === true;
}

/** New replies are refused while the instance drains; the balancer sends them elsewhere. */
export function assertNotDraining(): void {
  if (isDraining()) {
    throw new AppError(
      "unavailable:draining",
      "This server is restarting: send your message again in a moment.",
    );
  }
}

/**
 * Drains the instance: no new replies from now on, the replies being written get up to
 * SHUTDOWN_GRACE_MS to finish, and those still going are then cut and stored as interrupted with
 * what they have. Resolves once every reply of this instance is stored.
 */
export async function drain(): Promise<void> {
  state[DRAINING] = true;
  const until = Date.now() + env().SHUTDOWN_GRACE_MS;
  const running = () => localGenerations().filter((generation) => !generation.result);
  while (running().length > 0 && Date.now() < until) await sleep(100);
  const cut: Generation[] = running();
  for (const generation of cut) generation.controller.abort(SHUTDOWN);
  await Promise.race([Promise.all(cut.map((generation) => generation.done)), sleep(10_000)]);
}

/** Lets the server find drain() (see server/main.mjs), once the app is loaded. */
export function exposeDrain(): void {
  state[DRAIN] = drain;
}
