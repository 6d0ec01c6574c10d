// @ts-check
// Next.js `cacheHandler` (next.config.js): the origin's full-page and data cache.
//
// Why our own handler instead of Next's default file-system cache:
// - Bounded. The default keeps every rendered URL on disk forever; random search queries, unknown
//   slugs or cursors would grow it without limit. This one is an LRU capped by bytes
//   (PAGE_CACHE_MAX_MB, default 256) and never stores a miss (404, 410, any 4xx/5xx).
// - Never serves `next build` output. The build renders static routes without a database; those
//   seeds are not real pages, so only what was rendered at run time is ever served.
// - Tells the edge what a response depends on: every cached page or route response gets an
//   `xkey` header listing its cache tags, so Varnish (or a CDN) can purge it by tag.
//
// - Shared when REDIS_URL is set: entries and tag expiries then live in Redis
//   (lib/cache/redis-page-store.js), so several instances serve one cache and a publish on one is
//   seen by all. Without it, the bounded in-process LRU below, so `npm start` needs nothing.
//
// It is plain CommonJS because Next requires it at run time, outside the bundler.
// Module-level state: Next makes a new handler object per request, the cache must outlive them.

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by Node outside the bundler
const { edgeKeysHeader } = require("./edge-keys.js");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by Node outside the bundler
const { RedisPageStore } = require("./redis-page-store.js");

const NEXT_CACHE_TAGS_HEADER = "x-next-cache-tags";
// Tags Next derives from the route itself (`_N_T_/layout`, `_N_T_/news/12/slug`); ours are named.
const IMPLICIT_TAG_PREFIX = "_N_T_";
const DEFAULT_MAX_MB = 256;

/** @typedef {{ value: any, lastModified: number, cacheControl?: any, size: number, tags: string[] }} Entry */
/**
 * @typedef {{
 *   entries: Map<string, Entry>,
 *   tagExpiry: Map<string, number>,
 *   totalBytes: number,
 *   redis?: InstanceType<typeof RedisPageStore> | null,
 * }} CacheState
 * entries: insertion order is recency order (oldest first).
 * tagExpiry: tag → time (ms) from which entries stored before it count as expired.
 */

// One state per process, on globalThis: Next loads this file once for pages and route handlers and
// bundles a second copy into proxy.ts, and both must see the same entries and the same expiries.
const STATE_KEY = Symbol.for("newsroom.page-cache-handler.state");
const globalState = /** @type {{ [STATE_KEY]?: CacheState }} */ (/** @type {unknown} */ (globalThis));
/** @type {CacheState} */
const state = (globalState[STATE_KEY] ??= { entries: new Map(), tagExpiry: new Map(), totalBytes: 0 });
const { entries, tagExpiry } = state;

/**
 * The shared store, or null for the in-process one. Never during `next build`: build renders are
 * placeholders made without a database and must not reach the instances' shared cache.
 */
function sharedStore() {
  if (state.redis !== undefined) return state.redis;
  const url = process.env.REDIS_URL;
  const building = process.env.NEXT_PHASE === "phase-production-build";
  const timeoutMs = Number(process.env.REDIS_TIMEOUT_MS);
  state.redis =
    url && !building
      ? new RedisPageStore({ url, keyPrefix: process.env.REDIS_KEY_PREFIX || "newsroom:", ...(timeoutMs > 0 ? { timeoutMs } : {}) })
      : null;
  return state.redis;
}

function maxBytes() {
  const mb = Number(process.env.PAGE_CACHE_MAX_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_MB) * 1024 * 1024;
}

/** @param {any} buffer */
function bufferSize(buffer) {
  return buffer && typeof buffer.length === "number" ? buffer.length : 0;
}

/** A rough byte size, as Next's own memory cache estimates it. @param {string} key @param {any} value */
function sizeOf(key, value) {
  let size = key.length;
  if (!value) return size + 25;
  switch (value.kind) {
    case "FETCH":
      return size + JSON.stringify(value.data ?? "").length;
    case "APP_ROUTE":
      return size + bufferSize(value.body);
    case "APP_PAGE": {
      size += bufferSize(value.html) + bufferSize(value.rscData) + bufferSize(value.postponed);
      if (value.segmentData) for (const [path, segment] of value.segmentData) size += path.length + bufferSize(segment);
      return size;
    }
    default:
      return size + JSON.stringify(value).length;
  }
}

/** The tags a stored response depends on, from the header Next puts on it. @param {any} value */
function responseTags(value) {
  const header = value?.headers?.[NEXT_CACHE_TAGS_HEADER];
  return typeof header === "string" && header ? header.split(",") : [];
}

/**
 * Next keeps tags header-safe: runs of characters outside printable ASCII percent-encoded
 * (`tag:%D8%A8…`). Edge keys are made from the tag as our code wrote it (lib/cache/edge-keys.js),
 * so the purge an editor's save sends names exactly the keys stored here.
 * @param {string} tag
 */
function decodeNextTag(tag) {
  try {
    return decodeURIComponent(tag);
  } catch {
    return tag;
  }
}

/** A miss (unknown slug, withdrawn story, error page) is not worth keeping. @param {any} value */
function isMiss(value) {
  if (!value) return true;
  return (value.kind === "APP_PAGE" || value.kind === "APP_ROUTE") && typeof value.status === "number" && value.status >= 400;
}

/** @param {string[]} tags @param {number} storedAt */
function isExpired(tags, storedAt) {
  const now = Date.now();
  for (const tag of tags) {
    const expiredAt = tagExpiry.get(tag);
    if (expiredAt !== undefined && expiredAt >= storedAt && expiredAt <= now) return true;
  }
  return false;
}

/** @param {string} key */
function remove(key) {
  const entry = entries.get(key);
  if (!entry) return;
  entries.delete(key);
  state.totalBytes -= entry.size;
}

class PageCacheHandler {
  /** @param {string} key @param {any} ctx */
  async get(key, ctx) {
    const redis = sharedStore();
    if (redis) {
      const extraTags = ctx?.kind === "FETCH" ? [...(ctx.tags ?? []), ...(ctx.softTags ?? [])] : [];
      const shared = await redis.get(key, extraTags);
      return shared && { value: shared.value, lastModified: shared.lastModified, cacheControl: shared.cacheControl };
    }
    const entry = entries.get(key);
    if (!entry) return null;
    const tags = ctx?.kind === "FETCH" ? [...(ctx.tags ?? []), ...(ctx.softTags ?? []), ...entry.tags] : entry.tags;
    if (isExpired(tags, entry.lastModified)) {
      remove(key);
      return null;
    }
    // Touch: most recently used moves to the end.
    entries.delete(key);
    entries.set(key, entry);
    return { value: entry.value, lastModified: entry.lastModified, cacheControl: entry.cacheControl };
  }

  /** @param {string} key @param {any} data @param {any} ctx */
  async set(key, data, ctx) {
    remove(key);
    const redis = sharedStore();
    if (isMiss(data)) {
      // A page that became a miss (withdrawn, deleted) must not keep its old entry to serve stale.
      if (redis) await redis.delete(key);
      return;
    }
    let tags;
    if (data.kind === "FETCH") {
      tags = Array.isArray(ctx?.tags) ? [...ctx.tags] : [];
    } else {
      tags = responseTags(data);
      const named = tags.filter((tag) => !tag.startsWith(IMPLICIT_TAG_PREFIX));
      // The same object becomes the response, on this request and on every hit.
      if (named.length) data.headers = { ...data.headers, xkey: edgeKeysHeader(named.map(decodeNextTag)) };
    }
    const cacheControl = ctx?.fetchCache ? undefined : ctx?.cacheControl;
    if (redis) return redis.set(key, { value: data, lastModified: Date.now(), cacheControl, tags });
    const size = sizeOf(key, data);
    const limit = maxBytes();
    if (size > limit / 4) return; // one giant entry must not flush everything else
    entries.set(key, { value: data, lastModified: Date.now(), cacheControl, size, tags });
    state.totalBytes += size;
    for (const oldest of entries.keys()) {
      if (state.totalBytes <= limit) break;
      remove(oldest);
    }
  }

  /** @param {string | string[]} tags @param {{ expire?: number } | undefined} durations */
  async revalidateTag(tags, durations) {
    // Every expiry we issue is `{ expire: 0 }`: the next request renders afresh. A later expiry
    // (a cache-life profile) is honoured as a delay before the entries count as expired.
    const at = Date.now() + Math.max(0, durations?.expire ?? 0) * 1000;
    const list = typeof tags === "string" ? [tags] : tags;
    const redis = sharedStore();
    if (redis) return redis.expire(list, at);
    for (const tag of list) tagExpiry.set(tag, at);
  }

  resetRequestCache() {}
}

/** For tests and diagnostics. */
PageCacheHandler.stats = () => ({ entries: entries.size, bytes: state.totalBytes, maxBytes: maxBytes(), shared: Boolean(sharedStore()?.ready) });

module.exports = PageCacheHandler;
