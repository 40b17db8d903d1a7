import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export function assertMessageLength(text: string): void {
  const limit = env().MAX_MESSAGE_CHARS;
  if (text.length > limit)
    throw new AppError("payload_too_large:message", `Messages are at most ${limit} characters.`);
}
