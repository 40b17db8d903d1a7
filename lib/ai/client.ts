import "server-only";
import type OpenAI from "openai";
import { loadConnections } from "./connections";

/** A model server to call, which one it is (for what it is remembered to refuse), and the model. */
export type ModelTarget = { client: OpenAI; serverKey: string; model: string };

/** Whether any model server is configured and turned on: else the chat says how to configure one. */
export async function hasModelServer(): Promise<boolean> {
  return (await loadConnections()).some((connection) => connection.enabled);
}
