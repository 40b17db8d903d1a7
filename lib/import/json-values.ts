import "server-only";
import { createReadStream } from "node:fs";
import { setImmediate as nextTurn } from "node:timers/promises";
import { JSONParser } from "@streamparser/json";
import { AppError } from "@/lib/errors";

export type JsonValue = { path: string; index: number | string; value: unknown };

/**
 * Streams the values at `paths` (JSONPath such as `$.conversations.*`) out of a JSON document read
 * from `source`, a chunk at a time, letting other requests through between chunks: neither the
 * document nor anything but the value at hand is held in memory. Malformed JSON is a 400.
 */
export async function* jsonValues(
  source: AsyncIterable<Uint8Array> | string,
  paths: string[],
): AsyncGenerator<JsonValue> {
  const found: JsonValue[] = [];
  const parser = new JSONParser({ paths, keepStack: false });
  parser.onValue = ({ value, key, stack }) => {
    const path = `$${stack
      .slice(1)
      .map((entry) => `.${entry.key}`)
      .join("")}.${typeof key === "number" ? "*" : String(key)}`;
    found.push({ path, index: key ?? 0, value });
  };
  const input = typeof source === "string" ? createReadStream(source, { highWaterMark: 64 * 1024 }) : source;
  try {
    for await (const chunk of input) {
      parser.write(chunk);
      while (found.length > 0) yield found.shift() as JsonValue;
      await nextTurn();
    }
    // The parser ends by itself after a whole document; one cut short is an error here.
    if (!parser.isEnded) parser.end();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request:import", `The file is not valid JSON: ${(error as Error).message}`);
  }
  while (found.length > 0) yield found.shift() as JsonValue;
}
