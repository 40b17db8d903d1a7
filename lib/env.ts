import { z } from "zod";
import { DEFAULT_REQUEST_SLICE_MS } from "./http/request-slices.mjs";
import { parseTrustProxy } from "./http/trust-proxy.mjs";
import { DEFAULT_IDLE_COLLECT_SECONDS } from "./memory/idle-collection.mjs";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("file:./data/chat.db")
    .refine(
      (url) => /^(file:|postgres(ql)?:\/\/)/.test(url),
      "must start with file:, postgres:// or postgresql://",
    ),
  DATA_DIR: z.string().default("./data"),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  OPENAI_SUMMARY_MODEL: z.string().min(1).optional(),
  // The system prompt of a conversation that has none of its own.
  DEFAULT_SYSTEM_PROMPT: z.string().optional(),
  // Each model server's list of models: fetched within this time, and kept this long.
  MODELS_TIMEOUT_MS: positiveInt(3_000),
  MODELS_CACHE_SECONDS: positiveInt(60),
  // Encrypts the API keys of the model servers administrators add; unset: derived from the app's secret.
  DATA_ENCRYPTION_KEY: z.string().min(16, "must be at least 16 characters").optional(),
  MODEL_TIMEOUT_MS: positiveInt(60_000),
  // How much of a conversation the model is sent: its newest messages, up to this many characters.
  MODEL_CONTEXT_CHARS: positiveInt(100_000),
  // A streaming reply whose heartbeat is older than this belongs to a server that died.
  STREAM_STALE_MS: positiveInt(15_000),
  NEXTAUTH_SECRET: z.string().optional(),
  NEXTAUTH_URL: z.url().optional(),
  SESSION_MAX_AGE_SECONDS: positiveInt(7 * 24 * 60 * 60),
  // A login session unused for this long ends; 0 turns the idle timeout off.
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(24 * 60),
  // Who may read GET /api/metrics (Authorization: Bearer …); unset, there is no such route.
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  // SQLite: whether each commit waits for the disk (full), or only each checkpoint of the WAL (normal,
  // the default: a power cut may take back the last moments' commits; the file stays whole).
  SQLITE_SYNCHRONOUS: z.enum(["normal", "full"], { error: "must be normal or full" }).default("normal"),
  // Postgres: the most connections one instance keeps, and how long a statement may run.
  DATABASE_POOL_SIZE: positiveInt(10),
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt(30_000),
  // On SIGTERM, how long replies being written get to finish before they are stored as interrupted.
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  // Share links anyone may open, logged in or not, when their owner makes them public.
  ALLOW_PUBLIC_SHARES: z
    .enum(["true", "false"], { error: "must be true or false" })
    .default("false")
    .transform((value) => value === "true"),
  ALLOW_SIGNUP: z
    .enum(["true", "false"], { error: "must be true or false" })
    .default("false")
    .transform((value) => value === "true"),
  LOGIN_MAX_FAILURES: positiveInt(10),
  LOGIN_WINDOW_MINUTES: positiveInt(15),
  LOGIN_LOCK_MINUTES: positiveInt(15),
  MAX_MESSAGE_CHARS: positiveInt(100_000),
  // Attachments: the largest file accepted, what each user may store in all, and the longer side
  // images are scaled down to fit.
  MAX_FILE_BYTES: positiveInt(10 * 1024 * 1024),
  STORAGE_PER_USER_MB: positiveInt(1024),
  IMAGE_MAX_PIXELS: positiveInt(2048),
  // Messages a user may send in any 24 hours, and tokens their replies may use; unset means no limit.
  MESSAGES_PER_DAY: z.coerce.number().int().positive().optional(),
  TOKENS_PER_DAY: z.coerce.number().int().positive().optional(),
  // Bounds on one reply: it stops, keeping its text, at this many characters or seconds.
  MAX_REPLY_CHARS: positiveInt(200_000),
  MAX_REPLY_SECONDS: positiveInt(600),
  // A user's replies are written this many at a time (per instance); this many more wait in order.
  MAX_CONCURRENT_REPLIES_PER_USER: positiveInt(8),
  MAX_QUEUED_REPLIES_PER_USER: z.coerce.number().int().min(0).default(64),
  // Proxies in front of the app whose X-Forwarded-* headers are believed: a number of hops, or a list
  // of addresses and CIDR ranges. Unset: none, the client is the socket's peer.
  TRUST_PROXY: z
    .string()
    .optional()
    .superRefine((value, context) => {
      try {
        parseTrustProxy(value);
      } catch (error) {
        context.addIssue({ code: "custom", message: (error as Error).message.replace(/^TRUST_PROXY: /, "") });
      }
    }),
  // Once no request has been in flight for this long after some were, the server runs one full
  // garbage collection, so that memory a burst of work grew returns (node's --expose-gc, as npm
  // start and the image give it); 0: never.
  IDLE_COLLECT_SECONDS: z.coerce.number().int().min(0).default(DEFAULT_IDLE_COLLECT_SECONDS),
  // Each turn of the event loop starts new requests for at most this long; the rest wait, in order
  // (lib/http/request-slices.mjs); 0: no limit.
  REQUEST_SLICE_MS: z.coerce.number().int().min(0).max(1_000).default(DEFAULT_REQUEST_SLICE_MS),
  MAX_BODY_BYTES: positiveInt(1024 * 1024),
  MAX_IMPORT_BYTES: positiveInt(50 * 1024 * 1024),
});

export type Env = z.infer<typeof envSchema>;

/** Parses an environment, naming every bad variable in the error. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const blankAsUnset = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(blankAsUnset);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n${problems.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
