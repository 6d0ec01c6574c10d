import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { createClient } from "@redis/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deleteRedisKeys } from "@/tests/support/redis";
import { startTcpProxy, type TcpProxy } from "@/tests/support/tcp-proxy";

// The page cache shared through a real Redis (REDIS_TEST_URL, default the machine's own at
// 127.0.0.1:6379), as two instances use it: each "instance" here is the handler module loaded afresh
// with its own process-wide state, as two `next start` processes would have. Every key this file
// writes is under a random prefix, removed at the end.

type Entry = { value: Record<string, unknown>; lastModified: number } | null;
type Handler = {
  get(key: string, ctx: Record<string, unknown>): Promise<Entry>;
  set(key: string, data: Record<string, unknown> | null, ctx: Record<string, unknown>): Promise<void>;
  revalidateTag(tags: string | string[], durations?: { expire?: number }): Promise<void>;
};
type HandlerClass = { new (): Handler; stats(): { shared: boolean } };

const require = createRequire(import.meta.url);
const HANDLER_PATH = path.resolve(import.meta.dirname, "../../lib/cache/page-cache-handler.js");
const STORE_PATH = path.resolve(import.meta.dirname, "../../lib/cache/redis-page-store.js");
const STATE_KEY = Symbol.for("newsroom.page-cache-handler.state");
const REDIS_URL = process.env.REDIS_TEST_URL || "redis://127.0.0.1:6379";
const prefix = `newsroom-test-${randomBytes(4).toString("hex")}:`;

type Instance = { handler: Handler; stats: () => { shared: boolean }; close: () => Promise<void> };

/** One instance: the handler module with its own state, talking to Redis at `url`. */
async function startInstance(url: string): Promise<Instance> {
  const saved = { url: process.env.REDIS_URL, prefix: process.env.REDIS_KEY_PREFIX, phase: process.env.NEXT_PHASE };
  delete (globalThis as Record<symbol, unknown>)[STATE_KEY];
  delete require.cache[HANDLER_PATH];
  delete require.cache[STORE_PATH];
  process.env.REDIS_URL = url;
  process.env.REDIS_KEY_PREFIX = prefix;
  delete process.env.NEXT_PHASE;
  try {
    const Handler = require(HANDLER_PATH) as HandlerClass;
    const handler = new Handler();
    await handler.get("warm-up", { kind: "APP_PAGE" }); // creates the store and its connection
    const state = (globalThis as Record<symbol, { redis?: { ready: boolean; connecting: Promise<void>; close(): Promise<void> } }>)[STATE_KEY]!;
    const store = state.redis!;
    await store.connecting;
    delete (globalThis as Record<symbol, unknown>)[STATE_KEY]; // the next instance gets its own
    return { handler, stats: () => ({ shared: store.ready }), close: () => store.close() };
  } finally {
    for (const [name, value] of [["REDIS_URL", saved.url], ["REDIS_KEY_PREFIX", saved.prefix], ["NEXT_PHASE", saved.phase]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

const page = (html: string, tags: string[], status = 200) => ({
  kind: "APP_PAGE",
  html,
  rscData: Buffer.from(`rsc ${html}`),
  segmentData: new Map([["/_tree", Buffer.from("tree")]]),
  status,
  headers: { "x-next-cache-tags": tags.join(",") },
  postponed: undefined,
});
const pageCtx = { kind: "APP_PAGE", cacheControl: { revalidate: 300 } };
const until = async (check: () => Promise<boolean> | boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

let admin: ReturnType<typeof createClient>;
const instances: Instance[] = [];
const proxies: TcpProxy[] = [];
const start = async (url = REDIS_URL) => {
  const instance = await startInstance(url);
  instances.push(instance);
  return instance;
};

beforeAll(async () => {
  admin = createClient({ url: REDIS_URL });
  await admin.connect();
});
afterEach(async () => {
  await Promise.all(instances.splice(0).map((instance) => instance.close()));
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});
afterAll(async () => {
  await admin.close();
  await deleteRedisKeys(REDIS_URL, prefix);
});

describe("the page cache shared through Redis", () => {
  it("a page one instance renders is served by another, bytes, maps and edge keys intact", async () => {
    const a = await start();
    const b = await start();
    await a.handler.set("/news/1/x", page("<p>خبر</p>", ["_N_T_/layout", "article:1", "home"]), pageCtx);
    const hit = await b.handler.get("/news/1/x", { kind: "APP_PAGE" });
    expect(hit?.value.html).toBe("<p>خبر</p>");
    expect(Buffer.isBuffer(hit?.value.rscData)).toBe(true);
    expect((hit?.value.rscData as Buffer).toString()).toBe("rsc <p>خبر</p>");
    expect((hit?.value.segmentData as Map<string, Buffer>).get("/_tree")?.toString()).toBe("tree");
    expect((hit?.value.headers as Record<string, string>).xkey).toBe("article:1 home");
    expect(b.stats().shared).toBe(true);
  });

  it("a tag expired on one instance is expired on every instance at its next read, and only pages carrying it", async () => {
    const a = await start();
    const b = await start();
    await b.handler.set("/news/2/x", page("story 2", ["article:2", "home"]), pageCtx);
    await b.handler.set("/news/3/x", page("story 3", ["article:3"]), pageCtx);
    await new Promise((resolve) => setTimeout(resolve, 5)); // the expiry is later than the writes
    await a.handler.revalidateTag(["article:2"], { expire: 0 });
    expect(await b.handler.get("/news/2/x", { kind: "APP_PAGE" })).toBeNull();
    expect((await b.handler.get("/news/3/x", { kind: "APP_PAGE" }))?.value.html).toBe("story 3");
    // Rendered again after the expiry: served again.
    await b.handler.set("/news/2/x", page("story 2, corrected", ["article:2", "home"]), pageCtx);
    expect((await a.handler.get("/news/2/x", { kind: "APP_PAGE" }))?.value.html).toBe("story 2, corrected");
  });

  it("cached data reads (unstable_cache) expire by their tags across instances too", async () => {
    const a = await start();
    const b = await start();
    const data = { kind: "FETCH", data: { body: JSON.stringify({ title: "t" }), headers: {}, url: "" }, revalidate: 300 };
    await a.handler.set("data-key", data, { kind: "FETCH", fetchCache: true, tags: ["tag:غزة"] });
    expect((await b.handler.get("data-key", { kind: "FETCH", tags: ["tag:غزة"], softTags: [] }))?.value.data).toEqual(data.data);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await b.handler.revalidateTag("tag:غزة");
    expect(await a.handler.get("data-key", { kind: "FETCH", tags: ["tag:غزة"], softTags: [] })).toBeNull();
  });

  it("a page that turns into a miss drops its stored copy instead of serving it stale", async () => {
    const a = await start();
    const b = await start();
    await a.handler.set("/news/4/x", page("story 4", ["article:4"]), pageCtx);
    await b.handler.set("/news/4/x", page("gone", ["article:4"], 410), pageCtx);
    expect(await a.handler.get("/news/4/x", { kind: "APP_PAGE" })).toBeNull();
    expect(await admin.exists(`${prefix}page:/news/4/x`)).toBe(0);
  });

  it("with Redis away an instance answers at once (a miss, so the page renders), keeps its expiries, and writes them when Redis is back", async () => {
    const url = new URL(REDIS_URL);
    const proxy = await startTcpProxy({ targetHost: url.hostname, targetPort: Number(url.port || 6379) });
    proxies.push(proxy);
    const proxied = new URL(REDIS_URL);
    proxied.hostname = proxy.host;
    proxied.port = String(proxy.port);
    const a = await start(proxied.toString());
    const b = await start(); // direct: Redis itself never went away, only A's path to it
    await b.handler.set("/news/5/x", page("story 5", ["article:5"]), pageCtx);
    expect((await a.handler.get("/news/5/x", { kind: "APP_PAGE" }))?.value.html).toBe("story 5");

    await proxy.cut({ mode: "blackhole" });
    const started = performance.now();
    expect(await a.handler.get("/news/5/x", { kind: "APP_PAGE" })).toBeNull();
    await a.handler.set("/news/6/x", page("story 6", ["article:6"]), pageCtx); // skipped, not thrown
    await new Promise((resolve) => setTimeout(resolve, 5));
    await a.handler.revalidateTag(["article:5"]); // an editor's publish on A while Redis is away
    // No call waits on the dead connection: each gives up after REDIS_TIMEOUT_MS (300 ms).
    expect(performance.now() - started).toBeLessThan(3_000);
    // B still serves its copy: A's expiry could not reach Redis yet.
    expect((await b.handler.get("/news/5/x", { kind: "APP_PAGE" }))?.value.html).toBe("story 5");

    // The path heals (a partition, no reset ever came): A's next read finds Redis and writes the
    // expiry it kept, with its original time, so B's copy is expired now.
    await proxy.restore();
    await until(async () => {
      await a.handler.get("/news/anything", { kind: "APP_PAGE" });
      return (await b.handler.get("/news/5/x", { kind: "APP_PAGE" })) === null;
    });

    // Redis refused (down, restarting): A knows it is disconnected and does not even try, then
    // reconnects by itself and writes what it kept.
    await b.handler.set("/news/8/x", page("story 8", ["article:8"]), pageCtx);
    await proxy.cut({ mode: "refuse" });
    await until(() => !a.stats().shared);
    expect(await a.handler.get("/news/8/x", { kind: "APP_PAGE" })).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await a.handler.revalidateTag("article:8");
    expect((await b.handler.get("/news/8/x", { kind: "APP_PAGE" }))?.value.html).toBe("story 8");
    await proxy.restore();
    await until(async () => (await b.handler.get("/news/8/x", { kind: "APP_PAGE" })) === null);
    await until(() => a.stats().shared);
    await a.handler.set("/news/7/x", page("story 7", ["article:7"]), pageCtx);
    expect((await b.handler.get("/news/7/x", { kind: "APP_PAGE" }))?.value.html).toBe("story 7");
  });
});
