// @ts-check
// The shared tier of the page cache (lib/cache/page-cache-handler.js), used when REDIS_URL is set:
// every instance reads and writes the same entries, and an expiry by tag on one instance is seen by
// all of them at their next read.
//
// Why not @fortedigital/nextjs-cache-handler (the maintained Redis handler for Next 16, ISR mode):
// its `redis-strings` handler finds what a tag expiry removes by scanning a hash of every cached
// key's tags (HSCAN, twice per tag). Measured here with 20,000 cached pages: one publish (10 tags)
// kept Redis busy for 1.5 s, and that grows with every URL cached, while single-threaded Redis
// answers no other instance. Here an expiry is one ZADD (tag → time), and a read checks its entry's
// tags with one ZMSCORE: the cost follows the tags, not the size of the cache.
//
// Layout (all under REDIS_KEY_PREFIX, default "newsroom:"):
//   page:<cache key>  the entry, JSON (Buffers as base64, Maps as pairs), with a TTL
//   tag-expiry        sorted set: tag → the time (ms) from which entries stored before it are expired
// The expiry index has no TTL, so `maxmemory-policy volatile-lru` (or volatile-ttl) can evict
// entries, which all carry one, but never the index: losing an expiry would bring a stale page
// back. Expiries older than an entry's lifetime can match nothing and are trimmed as we go.
//
// Redis away: reads miss (the page renders from the database), writes are skipped, and expiries
// are kept in memory and written when the connection is back, with their original times. Nothing
// waits longer than REDIS_TIMEOUT_MS for Redis.

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by Node outside the bundler
const { createClient } = require("@redis/client");

/** How long an entry lives in Redis. Next re-renders long before (revalidate = 300); this only bounds memory. */
const ENTRY_TTL_SECONDS = 24 * 3600;
const DEFAULT_TIMEOUT_MS = 300;
const TRIM_EVERY_MS = 60_000;
const LOG_EVERY_MS = 60_000;

const BUFFER_MARK = "\u0000buffer";
const MAP_MARK = "\u0000map";

/** Plain JSON for a Next cache value: Buffers become base64, Maps become pairs. @param {any} value @returns {any} */
function toJson(value) {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { [BUFFER_MARK]: Buffer.from(value).toString("base64") };
  if (value instanceof Map) return { [MAP_MARK]: [...value].map(([key, item]) => [key, toJson(item)]) };
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === "object") {
    /** @type {Record<string, any>} */
    const out = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toJson(item);
    return out;
  }
  return value;
}

/** @param {string} _key @param {any} value */
function fromJson(_key, value) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    if (typeof value[BUFFER_MARK] === "string") return Buffer.from(value[BUFFER_MARK], "base64");
    if (Array.isArray(value[MAP_MARK])) return new Map(value[MAP_MARK]);
  }
  return value;
}

/** @param {{ lastModified: number, value: any, cacheControl?: any, tags: string[] }} entry */
function encodeEntry(entry) {
  return JSON.stringify(toJson(entry));
}

/** @param {string} text @returns {{ lastModified: number, value: any, cacheControl?: any, tags: string[] } | null} */
function decodeEntry(text) {
  try {
    const entry = JSON.parse(text, fromJson);
    return entry && typeof entry.lastModified === "number" && Array.isArray(entry.tags) ? entry : null;
  } catch {
    return null;
  }
}

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @returns {Promise<T>}
 */
function within(promise, ms) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error("redis timeout"), { code: "REDIS_TIMEOUT" })), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

class RedisPageStore {
  /** @param {{ url: string, keyPrefix?: string, timeoutMs?: number, log?: (message: string) => void }} options */
  constructor({ url, keyPrefix = "newsroom:", timeoutMs = DEFAULT_TIMEOUT_MS, log = (message) => console.warn(message) }) {
    this.prefix = keyPrefix;
    this.indexKey = `${keyPrefix}tag-expiry`;
    this.timeoutMs = timeoutMs;
    this.log = log;
    this.lastLogAt = 0;
    this.lastTrimAt = 0;
    /** Expiries issued while Redis was away: tag → time (ms). Written on reconnect. @type {Map<string, number>} */
    this.pendingExpiries = new Map();
    this.client = createClient({
      url,
      // Fail at once while disconnected instead of queueing: a reader must not wait for Redis.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: Math.max(timeoutMs, 1000),
        reconnectStrategy: (retries) => Math.min(100 * 2 ** Math.min(retries, 5), 3000),
      },
    });
    this.client.on("error", (error) => this.warn(`page cache: Redis unavailable (${error?.code ?? error?.message ?? "error"}); rendering without the shared cache`));
    this.client.on("ready", () => void this.flushPendingExpiries());
    this.connecting = this.client.connect().catch(() => {
      // The reconnect strategy keeps trying; until then every call misses.
    });
  }

  /** @param {string} message */
  warn(message) {
    const now = Date.now();
    if (now - this.lastLogAt < LOG_EVERY_MS) return;
    this.lastLogAt = now;
    this.log(message);
  }

  get ready() {
    return this.client.isReady;
  }

  /**
   * @param {string} key
   * @param {string[]} extraTags tags the caller knows besides the entry's own (a fetch's soft tags)
   */
  async get(key, extraTags) {
    if (!this.ready) return null;
    try {
      const text = await within(this.client.get(this.prefix + "page:" + key), this.timeoutMs);
      // Redis answers again after a silent spell (no reconnect, so no "ready"): write what was kept.
      if (this.pendingExpiries.size) void this.flushPendingExpiries();
      if (!text) return null;
      const entry = decodeEntry(text);
      if (!entry) return null;
      const tags = [...new Set([...entry.tags, ...extraTags])];
      if (tags.length) {
        const expiries = await within(this.client.zmScore(this.indexKey, tags), this.timeoutMs);
        const now = Date.now();
        for (let i = 0; i < tags.length; i++) {
          const pending = this.pendingExpiries.get(/** @type {string} */ (tags[i]));
          for (const expiredAt of [expiries[i], pending]) {
            if (typeof expiredAt === "number" && expiredAt >= entry.lastModified && expiredAt <= now) return null;
          }
        }
      }
      return entry;
    } catch (error) {
      this.warn(`page cache: Redis read failed (${/** @type {any} */ (error)?.code ?? "error"}); rendering without the shared cache`);
      return null;
    }
  }

  /** @param {string} key @param {{ lastModified: number, value: any, cacheControl?: any, tags: string[] }} entry */
  async set(key, entry) {
    if (!this.ready) return;
    try {
      await within(this.client.set(this.prefix + "page:" + key, encodeEntry(entry), { EX: ENTRY_TTL_SECONDS }), this.timeoutMs);
    } catch (error) {
      this.warn(`page cache: Redis write failed (${/** @type {any} */ (error)?.code ?? "error"})`);
    }
  }

  /** @param {string} key */
  async delete(key) {
    if (!this.ready) return;
    try {
      await within(this.client.unlink(this.prefix + "page:" + key), this.timeoutMs);
    } catch (error) {
      this.warn(`page cache: Redis delete failed (${/** @type {any} */ (error)?.code ?? "error"})`);
    }
  }

  /** @param {string[]} tags @param {number} at */
  async expire(tags, at) {
    for (const tag of tags) this.pendingExpiries.set(tag, Math.max(at, this.pendingExpiries.get(tag) ?? 0));
    await this.flushPendingExpiries();
  }

  async flushPendingExpiries() {
    if (!this.ready || this.pendingExpiries.size === 0) return;
    const batch = [...this.pendingExpiries];
    try {
      // GT: a later expiry is never replaced by an earlier one written late (after an outage).
      await within(
        this.client.zAdd(
          this.indexKey,
          batch.map(([tag, at]) => ({ value: tag, score: at })),
          { comparison: "GT" },
        ),
        this.timeoutMs * 3,
      );
      for (const [tag, at] of batch) if (this.pendingExpiries.get(tag) === at) this.pendingExpiries.delete(tag);
      await this.trimExpiries();
    } catch (error) {
      this.warn(`page cache: Redis expiry write failed (${/** @type {any} */ (error)?.code ?? "error"}); kept, retried on reconnect`);
    }
  }

  /** Expiries older than an entry's lifetime can match no entry any more. */
  async trimExpiries() {
    const now = Date.now();
    if (now - this.lastTrimAt < TRIM_EVERY_MS) return;
    this.lastTrimAt = now;
    await within(this.client.zRemRangeByScore(this.indexKey, "-inf", `(${now - ENTRY_TTL_SECONDS * 1000 - 60_000}`), this.timeoutMs);
  }

  async close() {
    try {
      await this.client.close();
    } catch {
      // already closed
    }
  }
}

module.exports = { RedisPageStore };
