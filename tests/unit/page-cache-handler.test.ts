import { createRequire } from "node:module";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

// The origin's cache handler, as Next drives it: get/set/revalidateTag with Next's own value shapes.
// It is CommonJS loaded by Node at run time, so the test loads it the same way.
type Handler = {
  get(key: string, ctx: Record<string, unknown>): Promise<{ value: Record<string, unknown>; lastModified: number } | null>;
  set(key: string, data: Record<string, unknown> | null, ctx: Record<string, unknown>): Promise<void>;
  revalidateTag(tags: string | string[], durations?: { expire?: number }): Promise<void>;
};
type HandlerClass = { new (): Handler; stats(): { entries: number; bytes: number; maxBytes: number } };

const require = createRequire(import.meta.url);
const HANDLER_PATH = path.resolve(import.meta.dirname, "../../lib/cache/page-cache-handler.js");
const STATE_KEY = Symbol.for("newsroom.page-cache-handler.state");

function loadHandler(): HandlerClass {
  delete require.cache[HANDLER_PATH];
  return require(HANDLER_PATH) as HandlerClass;
}

const page = (html: string, tags: string[], status = 200) => ({
  kind: "APP_PAGE",
  html,
  rscData: Buffer.from("rsc"),
  status,
  headers: { "x-next-cache-tags": tags.join(",") },
});
const fetchEntry = (data: unknown) => ({ kind: "FETCH", data: { body: JSON.stringify(data) }, revalidate: 300 });
const pageCtx = { kind: "APP_PAGE", cacheControl: { revalidate: 300 } };

let savedLimit: string | undefined;
let savedRedisUrl: string | undefined;
beforeEach(() => {
  savedLimit = process.env.PAGE_CACHE_MAX_MB;
  delete process.env.PAGE_CACHE_MAX_MB;
  // The in-process cache is under test here, whatever the environment says (tests/redis has the shared one).
  savedRedisUrl = process.env.REDIS_URL;
  delete process.env.REDIS_URL;
  delete (globalThis as Record<symbol, unknown>)[STATE_KEY];
});
afterEach(() => {
  if (savedRedisUrl !== undefined) process.env.REDIS_URL = savedRedisUrl;
  if (savedLimit === undefined) delete process.env.PAGE_CACHE_MAX_MB;
  else process.env.PAGE_CACHE_MAX_MB = savedLimit;
  delete (globalThis as Record<symbol, unknown>)[STATE_KEY];
});

describe("page cache handler", () => {
  it("stores a page and tells the edge its named tags, Arabic slugs percent-encoded, implicit tags left out", async () => {
    const Handler = loadHandler();
    const handler = new Handler();
    // Next hands tags over header-safe: non-ASCII already percent-encoded.
    const tags = ["_N_T_/layout", "_N_T_/tag/x", "home", `tag:${encodeURIComponent("بوتين")}`, "article:7"];
    const value = page("<html>tag</html>", tags);
    await handler.set("/route-cache/APP_PAGE/x/$/tag/x", value, pageCtx);
    const hit = await handler.get("/route-cache/APP_PAGE/x/$/tag/x", { kind: "APP_PAGE" });
    expect(hit?.value.html).toBe("<html>tag</html>");
    expect((hit?.value.headers as Record<string, string>).xkey).toBe("home tag:%D8%A8%D9%88%D8%AA%D9%8A%D9%86 article:7");
  });

  it("never stores a miss: 404, 410 and error pages are answered but not kept", async () => {
    const handler = new (loadHandler())();
    for (const [key, status] of [["a", 404], ["b", 410], ["c", 500]] as const) {
      await handler.set(key, page("<html>miss</html>", ["home"], status), pageCtx);
      expect(await handler.get(key, { kind: "APP_PAGE" })).toBeNull();
    }
    await handler.set("d", null, pageCtx);
    expect(await handler.get("d", { kind: "APP_PAGE" })).toBeNull();
  });

  it("expires pages by tag at once, and keeps pages without that tag", async () => {
    const handler = new (loadHandler())();
    await handler.set("article-7", page("<html>7</html>", ["article:7", "home"]), pageCtx);
    await handler.set("article-8", page("<html>8</html>", ["article:8"]), pageCtx);
    await new Promise((resolve) => setTimeout(resolve, 2));
    await handler.revalidateTag(["article:7"], { expire: 0 });
    expect(await handler.get("article-7", { kind: "APP_PAGE" })).toBeNull();
    expect(await handler.get("article-8", { kind: "APP_PAGE" })).not.toBeNull();
    // A page stored after the expiry is fresh again.
    await new Promise((resolve) => setTimeout(resolve, 2));
    await handler.set("article-7", page("<html>7 again</html>", ["article:7"]), pageCtx);
    expect((await handler.get("article-7", { kind: "APP_PAGE" }))?.value.html).toBe("<html>7 again</html>");
  });

  it("expires data entries by their own tags and by the page's soft tags", async () => {
    const handler = new (loadHandler())();
    await handler.set("data-1", fetchEntry({ a: 1 }), { kind: "FETCH", tags: ["tag:x"] });
    await handler.set("data-2", fetchEntry({ b: 2 }), { kind: "FETCH", tags: ["tag:y"] });
    expect(await handler.get("data-1", { kind: "FETCH", tags: ["tag:x"], softTags: [] })).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 2));
    await handler.revalidateTag("tag:x", { expire: 0 });
    expect(await handler.get("data-1", { kind: "FETCH", tags: ["tag:x"], softTags: [] })).toBeNull();
    await handler.revalidateTag("_N_T_/section/y", { expire: 0 });
    expect(await handler.get("data-2", { kind: "FETCH", tags: ["tag:y"], softTags: ["_N_T_/section/y"] })).toBeNull();
  });

  it("is bounded: least recently used entries leave first once the byte limit is reached", async () => {
    process.env.PAGE_CACHE_MAX_MB = "1";
    const Handler = loadHandler();
    const handler = new Handler();
    const html = "x".repeat(200 * 1024);
    for (let i = 0; i < 4; i++) await handler.set(`page-${i}`, page(html, ["home"]), pageCtx);
    // Touch page-0 so page-1 is now the least recently used.
    expect(await handler.get("page-0", { kind: "APP_PAGE" })).not.toBeNull();
    for (let i = 4; i < 8; i++) await handler.set(`page-${i}`, page(html, ["home"]), pageCtx);
    const stats = Handler.stats();
    expect(stats.bytes).toBeLessThanOrEqual(stats.maxBytes);
    expect(stats.entries).toBeLessThan(8);
    expect(await handler.get("page-1", { kind: "APP_PAGE" })).toBeNull();
    expect(await handler.get("page-0", { kind: "APP_PAGE" })).not.toBeNull();
    expect(await handler.get("page-7", { kind: "APP_PAGE" })).not.toBeNull();
  });

  it("shares one state between copies of the module, as Next's proxy bundle and server do", async () => {
    const first = new (loadHandler())();
    const second = new (loadHandler())();
    await first.set("shared", page("<html>s</html>", ["home"]), pageCtx);
    expect(await second.get("shared", { kind: "APP_PAGE" })).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 2));
    await second.revalidateTag("home", { expire: 0 });
    expect(await first.get("shared", { kind: "APP_PAGE" })).toBeNull();
  });
});
