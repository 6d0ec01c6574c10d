import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parseTrustedProxies } from "@/lib/http/client-address";

// The environment is read and validated once; every other module imports `env` from here.
const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);

const booleanFlag = z.preprocess(
  emptyAsUndefined,
  z
    .enum(["true", "false", "1", "0"], { message: "must be true or false" })
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true" || v === "1")),
);

const isValidTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const envSchema = z
  .object({
    DATABASE_URL: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, { message: "must be a postgres:// or postgresql:// URL" })
        .optional(),
    ),
    // Streaming replicas for public reads (db/replicas.ts); the primary (DATABASE_URL) takes the rest.
    DATABASE_REPLICA_URLS: z.preprocess(
      (value) => (typeof value === "string" ? value.split(",").map((url) => url.trim()).filter(Boolean) : []),
      z.array(z.string().regex(/^postgres(ql)?:\/\//, { message: "must be comma-separated postgres:// URLs" })),
    ),
    DATABASE_REPLICA_MAX_LAG_SECONDS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: "must be a number of seconds" }).min(0.5).max(3600).default(10),
    ),
    // The shared page cache (lib/cache/redis-page-store.js reads it itself; checked here so a typo stops the start).
    REDIS_URL: z.preprocess(
      emptyAsUndefined,
      z.string().regex(/^rediss?:\/\//, { message: "must be a redis:// or rediss:// URL" }).optional(),
    ),
    PORT: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: "must be a port number" }).int().min(1).max(65535).default(3000),
    ),
    SITE_URL: z.preprocess(
      emptyAsUndefined,
      z
        .url({ protocol: /^https?$/, message: "must be an absolute http(s) URL such as https://news.example" })
        .optional(),
    ),
    SITE_NAME: z.preprocess(emptyAsUndefined, z.string().min(1).max(80).default("مرصد الأخبار")),
    NEWS_PUBLICATION_NAME: z.preprocess(emptyAsUndefined, z.string().min(1).max(80).optional()),
    AUTH_SECRET: z.preprocess(
      emptyAsUndefined,
      z.string().min(32, { message: "must be at least 32 characters (try: openssl rand -base64 32)" }).optional(),
    ),
    DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data")),
    TIME_ZONE: z.preprocess(
      emptyAsUndefined,
      z.string().refine(isValidTimeZone, { message: "must be an IANA time zone such as Asia/Riyadh" }).default("Asia/Riyadh"),
    ),
    DATE_DIGITS: z.preprocess(
      emptyAsUndefined,
      z.enum(["latn", "arab"], { message: "must be latn or arab" }).default("latn"),
    ),
    SHOW_HIJRI: booleanFlag,
    MAX_UPLOAD_BYTES: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: "must be a number of bytes" }).int().min(1024).default(5 * 1024 * 1024),
    ),
    // Read by lib/cache/page-cache-handler.js itself (Next loads it outside the app); validated here
    // so a typo stops the start instead of silently falling back to the default.
    PAGE_CACHE_MAX_MB: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: "must be a whole number of megabytes" }).int().min(16).max(65536).default(256),
    ),
    // Where purges go (lib/cache/edge-purge.ts): Varnish's address, or a relay to a CDN's purge API.
    SMTP_URL: z.preprocess(
      emptyAsUndefined,
      z.string().regex(/^smtps?:\/\//, { message: "must be an smtp:// or smtps:// URL such as smtps://user:pass@mail.example.com:465" }).optional(),
    ),
    NEWSLETTER_FROM: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .max(200)
        .refine((value) => !/[\r\n]/.test(value) && /@/.test(value), { message: 'must be an address such as "مرصد الأخبار" <news@example.com>' })
        .optional(),
    ),
    NEWSLETTER_SEND_RATE: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: "must be e-mails per second" }).min(0.1).max(1000).default(5),
    ),
    NEWSLETTER_DIGEST_TIME: z.preprocess(
      emptyAsUndefined,
      z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "must be HH:MM in TIME_ZONE, such as 07:00" }).default("07:00"),
    ),
    WIRE_FETCH_TIMEOUT_MS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: "must be a number of milliseconds" }).int().min(500).max(120_000).default(15_000),
    ),
    WIRE_MAX_FEED_BYTES: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: "must be a number of bytes" }).int().min(10_000).max(100 * 1024 * 1024).default(5 * 1024 * 1024),
    ),
    EDGE_PURGE_URLS: z.preprocess(
      (value) => (typeof value === "string" ? value.split(",").map((url) => url.trim()).filter(Boolean) : []),
      z.array(
        z.url({ protocol: /^https?$/, message: "must be comma-separated absolute http(s) URLs such as http://127.0.0.1:6081" }),
      ),
    ),
    // Proxies whose X-Forwarded-For is believed (lib/http/client-address.ts). Empty: trust none.
    TRUSTED_PROXIES: z.preprocess(
      (value) => (typeof value === "string" ? value : ""),
      z.string().transform((value, ctx) => {
        try {
          return parseTrustedProxies(value);
        } catch (error) {
          ctx.addIssue({
            code: "custom",
            message: `must be comma-separated IP addresses or CIDR ranges such as 127.0.0.1,10.0.0.0/8 (${(error as Error).message})`,
          });
          return z.NEVER;
        }
      }),
    ),
  })
  .superRefine((value, ctx) => {
    if (value.DATABASE_URL && !value.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "is required when DATABASE_URL is set (at least 32 characters; try: openssl rand -base64 32)",
      });
    }
  });

export type Env = ReturnType<typeof loadEnv>;

export class EnvError extends Error {}

function loadEnv(source: NodeJS.ProcessEnv) {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${String(issue.path[0] ?? "environment")} ${issue.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const raw = parsed.data;
  const dataDir = path.resolve(raw.DATA_DIR);
  const siteUrl = (raw.SITE_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, "");
  return {
    databaseUrl: raw.DATABASE_URL,
    embedded: !raw.DATABASE_URL,
    databaseReplicaUrls: raw.DATABASE_URL ? raw.DATABASE_REPLICA_URLS : [],
    databaseReplicaMaxLagSeconds: raw.DATABASE_REPLICA_MAX_LAG_SECONDS,
    redisUrl: raw.REDIS_URL,
    port: raw.PORT,
    siteUrl,
    siteName: raw.SITE_NAME,
    newsPublicationName: raw.NEWS_PUBLICATION_NAME ?? raw.SITE_NAME,
    explicitAuthSecret: raw.AUTH_SECRET,
    dataDir,
    mediaDir: path.join(dataDir, "media"),
    timeZone: raw.TIME_ZONE,
    dateDigits: raw.DATE_DIGITS,
    showHijri: raw.SHOW_HIJRI ?? true,
    maxUploadBytes: raw.MAX_UPLOAD_BYTES,
    pageCacheMaxMb: raw.PAGE_CACHE_MAX_MB,
    edgePurgeUrls: raw.EDGE_PURGE_URLS,
    smtpUrl: raw.SMTP_URL,
    newsletterFrom: raw.NEWSLETTER_FROM ?? `"${raw.SITE_NAME.replace(/["\\]/g, "")}" <newsletter@${new URL(siteUrl).hostname}>`,
    newsletterSendRate: raw.NEWSLETTER_SEND_RATE,
    newsletterDigestTime: raw.NEWSLETTER_DIGEST_TIME,
    wireFetchTimeoutMs: raw.WIRE_FETCH_TIMEOUT_MS,
    wireMaxFeedBytes: raw.WIRE_MAX_FEED_BYTES,
    trustedProxies: raw.TRUSTED_PROXIES,
  };
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= loadEnv(process.env);
  return cached;
}

/** For tests: re-read process.env after changing it. */
export function resetEnvForTests() {
  cached = undefined;
}

/**
 * In embedded mode the secret is generated once and kept in DATA_DIR, so sessions survive restarts
 * without any setup; with DATABASE_URL the operator must provide it (checked by the schema above).
 */
export function getAuthSecret(): string {
  const env = getEnv();
  if (env.explicitAuthSecret) return env.explicitAuthSecret;
  const file = path.join(env.dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(env.dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    // Another process wrote it first: theirs wins, so every process signs with the same key.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw error;
  }
}
