import { randomFillSync, randomUUID } from "node:crypto";

let lastMillis = 0;
let sequence = 0;

// Random bytes are drawn for 128 ids at a time, as randomUUID does for its own: a call into the
// system's generator per id cost more than the rest of making it.
const randomPool = Buffer.alloc(16 * 128);
let randomOffset = randomPool.length;

function sixteenRandomBytes(): Buffer {
  if (randomOffset >= randomPool.length) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  randomOffset += 16;
  return randomPool.subarray(randomOffset - 16, randomOffset);
}

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit sequence that keeps ids made
 * in the same millisecond by this process in order, then random bits. Sorting by id sorts by
 * creation time, so messages need no separate tie-breaker.
 */
export function uuidv7(now: number = Date.now()): string {
  if (now > lastMillis) {
    lastMillis = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMillis += 1;
    sequence = 0;
  }
  const bytes = sixteenRandomBytes();
  bytes.writeUIntBE(lastMillis, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const newId = randomUUID;

/** The smallest UUIDv7 of a given millisecond: every id made at or after it sorts after it. */
export function uuidv7Floor(millis: number): string {
  const hex = millis.toString(16).padStart(12, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}
