import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { createClient } from "@redis/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { sections, storyViewsHourly, users } from "@/db/schema";
import { bodyFromPlainText } from "@/lib/articles/body-text";
import { createArticle } from "@/lib/articles/commands";
import { hourNumber, ViewBuffer } from "@/lib/views/buffer";
import { flushViews } from "@/lib/views/flush";
import { recordView, type ViewsState } from "@/lib/views/record";
import { RedisViewStore } from "@/lib/views/redis-store";
import { RepeatWindow } from "@/lib/views/repeat-window";
import { seedDemoContent } from "@/db/seed";
import { openTestDatabase } from "@/tests/db/support";
import { deleteRedisKeys } from "@/tests/support/redis";
import { startTcpProxy, type TcpProxy } from "@/tests/support/tcp-proxy";

// The views buffer and repeat window shared through a real Redis (REDIS_TEST_URL, default the
// machine's own), as several instances use them, flushed to a real database (PGlite, or a fresh
// Postgres database beside DATABASE_URL's). Keys live under a random prefix, removed at the end.

const REDIS_URL = process.env.REDIS_TEST_URL || "redis://127.0.0.1:6379";
const prefix = `newsroom-test-${randomBytes(4).toString("hex")}:`;
const SECRET = "redis-test-secret-redis-test-secret-01";
const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

let admin: ReturnType<typeof createClient>;
let db: Database;
let closeDb: () => Promise<void>;
let storyIds: number[] = [];
const stores: RedisViewStore[] = [];
const proxies: TcpProxy[] = [];

/** One instance's views state, sharing Redis (through `url`) with the others. */
async function instance(url = REDIS_URL, maxEntries?: number): Promise<ViewsState> {
  const redis = new RedisViewStore({ url, keyPrefix: prefix, log: () => {}, ...(maxEntries ? { maxEntries } : {}) });
  stores.push(redis);
  await redis.connecting;
  return { memory: new ViewBuffer(), window: new RepeatWindow(), redis };
}

const view = (storyId: number, clientAddress: string, now = new Date()) => ({ storyId, clientAddress, userAgent: CHROME, now });

async function storedViews(storyId: number): Promise<number> {
  const rows = await db.select().from(storyViewsHourly).where(eq(storyViewsHourly.articleId, storyId));
  return rows.reduce((sum, row) => sum + row.views, 0);
}

beforeAll(async () => {
  admin = createClient({ url: REDIS_URL });
  await admin.connect();
  const opened = await openTestDatabase();
  db = opened.handle.db;
  closeDb = opened.close;
  await seedDemoContent(db, { heroImages: false });
  const [editor] = await db.select().from(users).where(eq(users.role, "editor"));
  const [section] = await db.select().from(sections);
  const actor = { userId: editor!.id, role: "editor" as const };
  storyIds = [];
  for (const title of ["خبر يعدّه Redis", "خبر ثان يعدّه Redis", "خبر ثالث يعدّه Redis"]) {
    const input = { title, dek: "", body: bodyFromPlainText(title), sectionId: section!.id, authorIds: [editor!.id], tagNames: [] };
    storyIds.push((await createArticle(db, input, actor, { action: "publish" }, { now: new Date(Date.now() - 3_600_000) })).id);
  }
}, 120_000);
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});
afterAll(async () => {
  await admin.close();
  await deleteRedisKeys(REDIS_URL, prefix);
  await closeDb?.();
});

describe("views shared through Redis", () => {
  it("one repeat window and one buffer for every instance; the lock holder flushes it once", async () => {
    const [a, b] = [await instance(), await instance()];
    const [story] = storyIds;
    expect(await recordView(view(story!, "198.51.100.1"), SECRET, a)).toBe("counted");
    // The same reader reaching another instance is a repeat: the window is shared.
    expect(await recordView(view(story!, "198.51.100.1"), SECRET, b)).toBe("repeat");
    expect(await recordView(view(story!, "198.51.100.2"), SECRET, b)).toBe("counted");
    expect(await recordView(view(story!, "198.51.100.3"), SECRET, a)).toBe("counted");
    // Nothing in either instance's memory, and no key names the reader.
    expect(a.memory.size + b.memory.size).toBe(0);
    const keys: string[] = [];
    for await (const batch of admin.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) keys.push(...batch);
    expect(keys.join(" ")).not.toContain("198.51.100");
    expect(await admin.hGet(`${prefix}views:buffer`, `${story}:${hourNumber(Date.now())}`)).toBe("3");

    const flushed = await flushViews(db, { state: b });
    expect(flushed).toMatchObject({ locked: true, written: 1 });
    expect(await storedViews(story!)).toBe(3);
    // Taken once: another round, from any instance, finds nothing more.
    expect((await flushViews(db, { state: a })).written).toBe(0);
    expect(await storedViews(story!)).toBe(3);
    expect(await admin.exists([`${prefix}views:buffer`, `${prefix}views:flushing`])).toBe(0);
  });

  it("a flush that died after its commit is not written twice; views counted meanwhile are kept", async () => {
    const a = await instance();
    const [, story] = storyIds;
    for (const client of ["203.0.113.1", "203.0.113.2"]) await recordView(view(story!, client), SECRET, a);
    // The batch reaches the database, then the instance dies before clearing it from Redis.
    const redis = a.redis!;
    const finishBatch = redis.finishBatch.bind(redis);
    redis.finishBatch = async () => {
      throw Object.assign(new Error("killed"), { code: "KILLED" });
    };
    await flushViews(db, { state: a });
    expect(await storedViews(story!)).toBe(2);
    expect(await admin.exists(`${prefix}views:flushing`)).toBe(1);
    redis.finishBatch = finishBatch;

    await recordView(view(story!, "203.0.113.3"), SECRET, a);
    await flushViews(db, { state: a }); // finds the committed batch: only clears it
    expect(await storedViews(story!)).toBe(2);
    await flushViews(db, { state: a }); // then the view counted since
    expect(await storedViews(story!)).toBe(3);
  });

  it("a batch taken but never committed is written by the next flush", async () => {
    const a = await instance();
    const [, , story] = storyIds;
    await recordView(view(story!, "192.0.2.10"), SECRET, a);
    const taken = await a.redis!.takeBatch(); // an instance took it, then lost its database
    expect(taken?.counts).toEqual([{ storyId: story, hour: hourNumber(Date.now()), views: 1 }]);
    await flushViews(db, { state: a });
    expect(await storedViews(story!)).toBe(1);
  });

  it("refuses new stories once the shared buffer is full", async () => {
    const a = await instance(REDIS_URL, 2);
    const now = new Date();
    expect(await recordView(view(11, "192.0.2.1", now), SECRET, a)).toBe("counted");
    expect(await recordView(view(12, "192.0.2.1", now), SECRET, a)).toBe("counted");
    expect(await recordView(view(13, "192.0.2.1", now), SECRET, a)).toBe("full");
    expect(await recordView(view(11, "192.0.2.2", now), SECRET, a)).toBe("counted");
    await flushViews(db, { state: a }); // ids 11–13 are no stories: dropped at the flush
    expect(await admin.exists(`${prefix}views:buffer`)).toBe(0);
  });

  it("with Redis away, views are counted in the instance's memory at once, and flushed from there", async () => {
    const proxy = await startTcpProxy({ targetHost: new URL(REDIS_URL).hostname, targetPort: Number(new URL(REDIS_URL).port || 6379) });
    proxies.push(proxy);
    const a = await instance(`redis://${proxy.host}:${proxy.port}`);
    expect(a.redis!.ready).toBe(true);
    await proxy.cut({ mode: "refuse" });
    await expect.poll(() => a.redis!.ready).toBe(false);
    const [story] = storyIds;
    const before = await storedViews(story!);
    const started = Date.now();
    expect(await recordView(view(story!, "198.51.100.200"), SECRET, a)).toBe("counted");
    expect(Date.now() - started).toBeLessThan(100);
    expect(a.memory.size).toBe(1);
    await flushViews(db, { state: a });
    expect(await storedViews(story!)).toBe(before + 1);
  });
});
