import "server-only";
import OpenAI from "openai";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { MODEL_NOT_CONFIGURED } from "./model-not-configured";

export { MODEL_NOT_CONFIGURED };

export function isModelConfigured(): boolean {
  return Boolean(env().OPENAI_API_KEY || env().OPENAI_BASE_URL);
}

let client: OpenAI | undefined;

/** A model server to call, and which server it is (for what it is remembered to refuse). */
export type ModelTarget = { client: OpenAI; serverKey: string; model: string };

export function modelClient(): OpenAI {
  if (!isModelConfigured()) throw new AppError("unavailable:model", MODEL_NOT_CONFIGURED);
  client ??= new OpenAI({
    // Local servers such as Ollama accept any key, but the SDK insists on one.
    apiKey: env().OPENAI_API_KEY ?? "not-needed",
    baseURL: env().OPENAI_BASE_URL,
    // Retrying would leave the user staring at nothing; they can retry themselves.
    maxRetries: 0,
  });
  return client;
}

/** The configured model on the configured server. */
export function defaultModelTarget(model = env().OPENAI_MODEL): ModelTarget {
  return { client: modelClient(), serverKey: env().OPENAI_BASE_URL ?? "openai", model };
}
