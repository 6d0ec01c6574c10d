import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { sections, storyViewsHourly, users } from "@/db/schema";
import { seedDemoContent } from "@/db/seed";
import { bodyFromPlainText } from "@/lib/articles/body-text";
import { createArticle, updateArticle, type Actor } from "@/lib/articles/commands";
import { HOUR_MS, hourNumber, ViewBuffer, type ViewCount } from "@/lib/views/buffer";
import { flushViews, pruneOldViews, RETENTION_HOURS, writeViewCounts } from "@/lib/views/flush";
import { listMostReadStories } from "@/lib/views/queries";
import type { ViewsState } from "@/lib/views/record";
import { RepeatWindow } from "@/lib/views/repeat-window";
import { openTestDatabase } from "./support";

// «الأكثر قراءة» against a real database: the flush's upserts (public stories only, added to what
// is there, old hours dropped) and the list (most views first, public only, 24 hours, by section).

let db: Database;
let close: () => Promise<void>;
let editor: Actor;
let authorId: number;
let politics: number;
let economy: number;
const NOW = new Date();
const HOUR = hourNumber(NOW.getTime());

beforeAll(async () => {
  const opened = await openTestDatabase();
  db = opened.handle.db;
  close = opened.close;
  await seedDemoContent(db, { heroImages: false });
  const [someone] = await db.select().from(users).where(eq(users.role, "editor"));
  editor = { userId: someone!.id, role: "editor" };
  authorId = someone!.id;
  const sectionRows = await db.select().from(sections);
  politics = sectionRows.find((s) => s.slug === "سياسة")!.id;
  economy = sectionRows.find((s) => s.slug === "اقتصاد")!.id;
});
afterAll(() => close());

/** A story published `daysAgo` days ago (or a draft), in `sectionId`. */
async function story(title: string, { sectionId = politics, daysAgo = 2, publish = true } = {}) {
  const input = { title, dek: "", body: bodyFromPlainText(title), sectionId, authorIds: [authorId], tagNames: [] };
  const saved = await createArticle(db, input, editor, publish ? { action: "publish" } : { action: "save" }, {
    now: new Date(NOW.getTime() - daysAgo * 24 * HOUR_MS),
  });
  return { ...saved, input };
}

const views = (storyId: number, count: number, hour = HOUR): ViewCount => ({ storyId, hour, views: count });
const memoryState = (): ViewsState => ({ memory: new ViewBuffer(), window: new RepeatWindow(), redis: null });

async function storedViews(storyId: number): Promise<Record<number, number>> {
  const rows = await db.select().from(storyViewsHourly).where(eq(storyViewsHourly.articleId, storyId));
  return Object.fromEntries(rows.map((row) => [hourNumber(row.hour.getTime()), row.views]));
}

describe("the flush", () => {
  it("adds each batch to the stored hour (views = views + excluded.views)", async () => {
    const a = await story("خبر العدّ الأول");
    expect(await writeViewCounts(db, [views(a.id, 3), views(a.id, 2, HOUR - 1)], NOW)).toBe(2);
    expect(await writeViewCounts(db, [views(a.id, 4)], NOW)).toBe(1);
    expect(await storedViews(a.id)).toEqual({ [HOUR]: 7, [HOUR - 1]: 2 });
  });

  it("writes public stories only: drafts, future schedules, withdrawn and unknown ids are dropped", async () => {
    const draft = await story("مسودة لا تُعدّ", { publish: false });
    const scheduled = await createArticle(
      db,
      { title: "خبر مجدول لا يُعدّ", dek: "", body: bodyFromPlainText("x"), sectionId: politics, authorIds: [authorId], tagNames: [] },
      editor,
      { action: "schedule", at: new Date(NOW.getTime() + 2 * HOUR_MS) },
    );
    const withdrawn = await story("خبر سُحب فلا يُعدّ");
    await updateArticle(db, withdrawn.id, withdrawn.version, withdrawn.input, editor, { action: "unpublish" });
    const written = await writeViewCounts(db, [views(draft.id, 5), views(scheduled.id, 5), views(withdrawn.id, 5), views(2_000_000_000, 5)], NOW);
    expect(written).toBe(0);
    for (const id of [draft.id, scheduled.id, withdrawn.id]) expect(await storedViews(id)).toEqual({});
  });

  it("drops hours outside the retention window or ahead of the clock, and prunes old rows", async () => {
    const a = await story("خبر الساعات القديمة");
    expect(await writeViewCounts(db, [views(a.id, 1, HOUR - RETENTION_HOURS), views(a.id, 1, HOUR + 5), views(a.id, 1, HOUR - RETENTION_HOURS + 1)], NOW)).toBe(1);
    // A row left from long ago (written when it was recent) goes at the next flush.
    await db.insert(storyViewsHourly).values({ articleId: a.id, hour: new Date((HOUR - RETENTION_HOURS - 3) * HOUR_MS), views: 9 });
    await pruneOldViews(db, NOW);
    expect(await storedViews(a.id)).toEqual({ [HOUR - RETENTION_HOURS + 1]: 1 });
  });

  it("flushViews empties this process's buffer into the table and refreshes the lists on its clock", async () => {
    const a = await story("خبر يفرغ من الذاكرة");
    const state = memoryState();
    for (let i = 0; i < 4; i++) state.memory.add(a.id, HOUR);
    const first = await flushViews(db, { now: NOW, state });
    expect(first).toMatchObject({ written: 1, locked: true });
    expect(state.memory.size).toBe(0);
    expect(await storedViews(a.id)).toEqual({ [HOUR]: 4 });
    // Within MOST_READ_REFRESH_MS the lists are not expired again, unless asked.
    state.memory.add(a.id, HOUR);
    expect((await flushViews(db, { now: new Date(NOW.getTime() + 60_000), state })).refreshed).toBe(false);
    expect((await flushViews(db, { now: new Date(NOW.getTime() + 61_000), state, forceRefresh: true })).refreshed).toBe(true);
    state.memory.add(a.id, HOUR);
    expect((await flushViews(db, { now: new Date(NOW.getTime() + 7 * 60_000), state })).refreshed).toBe(true);
    expect(await storedViews(a.id)).toEqual({ [HOUR]: 6 });
  });

  it("two instances flushing the same stories at once add up, without a deadlock", async () => {
    const a = await story("خبر تتزاحم عليه نسختان");
    const b = await story("خبر ثان تتزاحم عليه نسختان");
    const one = memoryState();
    const two = memoryState();
    for (const [state, first, second] of [[one, a, b], [two, b, a]] as const) {
      state.memory.add(first.id, HOUR, 10);
      state.memory.add(second.id, HOUR, 5);
      state.memory.add(first.id, HOUR - 1, 1);
    }
    await Promise.all([flushViews(db, { now: NOW, state: one }), flushViews(db, { now: NOW, state: two })]);
    expect(await storedViews(a.id)).toEqual({ [HOUR]: 15, [HOUR - 1]: 1 });
    expect(await storedViews(b.id)).toEqual({ [HOUR]: 15, [HOUR - 1]: 1 });
  });

  it("keeps the counts for the next round when the write fails", async () => {
    const state = memoryState();
    state.memory.add(42, HOUR, 3);
    const broken = { transaction: () => Promise.reject(new Error("database away")) } as unknown as Database;
    await expect(flushViews(broken, { now: NOW, state })).rejects.toThrow("database away");
    expect(state.memory.take()).toEqual([views(42, 3)]);
  });
});

describe("listMostReadStories", () => {
  it("orders by views over the last 24 hours, public stories only, site-wide or by section", async () => {
    // A fresh window of its own: everything before is moved out of it.
    await db.execute(sql`update ${storyViewsHourly} set hour = hour - interval '30 days'`);
    const top = await story("الأكثر قراءة اليوم", { daysAgo: 3 });
    const second = await story("الثاني قراءة", { sectionId: economy, daysAgo: 3 });
    const tieOlder = await story("تعادل أقدم", { daysAgo: 3 });
    const tieNewer = await story("تعادل أحدث", { daysAgo: 1 });
    const yesterday = await story("قُرئ قبل يوم كامل", { daysAgo: 4 });
    const withdrawn = await story("قُرئ كثيراً ثم سُحب", { daysAgo: 3 });
    await writeViewCounts(
      db,
      [
        views(top.id, 60),
        views(top.id, 40, HOUR - 23), // the oldest hour still in the window
        views(second.id, 90),
        views(tieOlder.id, 20),
        views(tieNewer.id, 20),
        views(yesterday.id, 500, HOUR - 24), // one hour too old
        views(withdrawn.id, 1_000),
      ],
      NOW,
    );
    await updateArticle(db, withdrawn.id, withdrawn.version, withdrawn.input, editor, { action: "unpublish" });

    const site = await listMostReadStories(db, { now: NOW, limit: 10 });
    expect(site.map((s) => s.id)).toEqual([top.id, second.id, tieNewer.id, tieOlder.id]);
    expect(site[0]).toMatchObject({ title: "الأكثر قراءة اليوم", sectionSlug: "سياسة" });
    expect(await listMostReadStories(db, { now: NOW, limit: 2 })).toHaveLength(2);

    const inPolitics = await listMostReadStories(db, { now: NOW, sectionId: politics, limit: 10 });
    expect(inPolitics.map((s) => s.id)).toEqual([top.id, tieNewer.id, tieOlder.id]);
    const inEconomy = await listMostReadStories(db, { now: NOW, sectionId: economy, limit: 10 });
    expect(inEconomy.map((s) => s.id)).toEqual([second.id]);

    // An hour later the oldest hour of `top` has left the window: `second` leads.
    const later = await listMostReadStories(db, { now: new Date(NOW.getTime() + HOUR_MS), limit: 10 });
    expect(later.map((s) => s.id).slice(0, 2)).toEqual([second.id, top.id]);
  });
});
