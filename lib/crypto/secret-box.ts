import "server-only";
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

// Secrets the app keeps for others (model servers' API keys) are stored encrypted with AES-256-GCM.
// The key comes from DATA_ENCRYPTION_KEY or, when that is unset, is derived from the app's secret;
// losing it makes the stored keys unreadable (the admin enters them again), never readable by others.
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A 256-bit key from DATA_ENCRYPTION_KEY (any string) or from the app's secret, for this purpose only. */
export function dataKey({ configured, appSecret }: { configured?: string; appSecret: string }): Buffer {
  if (configured) return createHash("sha256").update(configured, "utf8").digest();
  return Buffer.from(hkdfSync("sha256", appSecret, "chat-data-encryption", "api keys of model servers", 32));
}

export function seal(plaintext: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

/** The plaintext, or null when the value was sealed with another key or has been tampered with. */
export function open(sealed: string, key: Buffer): string | null {
  const [version, payload] = sealed.split(":");
  if (version !== VERSION || !payload) return null;
  const bytes = Buffer.from(payload, "base64");
  if (bytes.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    return null;
  }
}
