import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { sections, tags, users } from "@/db/schema";
import { seedDemoContent } from "@/db/seed";
import { loadArticlePage } from "@/lib/pages/article";
import { bodyFromPlainText } from "@/lib/articles/body-text";
import { createArticle, updateArticle, type Actor } from "@/lib/articles/commands";
import {
  listAuthorStories,
  listBreakingStories,
  listLatestStories,
  listSectionStories,
  listTagStories,
} from "@/lib/articles/queries";
import { listSimilarStories } from "@/lib/articles/similar";
import { searchStories } from "@/lib/articles/search";
import { countPublicTagStories } from "@/lib/tags/queries";
import { openTestDatabase } from "./support";

let db: Database;
let close: () => Promise<void>;
let editor: Actor;
let authorId: number;
let sectionId: number;
const HOUR = 3_600_000;

beforeAll(async () => {
  const opened = await openTestDatabase();
  db = opened.handle.db;
  close = opened.close;
  await seedDemoContent(db, { heroImages: false });
  const [someone] = await db.select().from(users).where(eq(users.role, "editor"));
  editor = { userId: someone!.id, role: "editor" };
  authorId = someone!.id;
  const [section] = await db.select().from(sections).where(eq(sections.slug, "سياسة"));
  sectionId = section!.id;
});
afterAll(() => close());

const storyInput = (title: string, tagNames: string[], extra: Record<string, unknown> = {}) => ({
  title,
  dek: "موجز",
  body: bodyFromPlainText(`${title}\n\nفقرة ثانية عن ${tagNames.join(" و")}.`),
  sectionId,
  authorIds: [authorId],
  tagNames,
  isBreaking: true,
  ...extra,
});

async function everyListingIds(now: Date, tagName: string) {
  const [tag] = await db.select().from(tags).where(eq(tags.name, tagName));
  const results = await Promise.all([
    listLatestStories(db, { now, limit: 100 }),
    listSectionStories(db, { now, sectionId, limit: 100 }),
    listTagStories(db, { now, tagId: tag!.id, limit: 100 }),
    listAuthorStories(db, { now, userId: authorId, limit: 100 }),
  ]);
  const breaking = await listBreakingStories(db, { now, limit: 100, sinceHours: 1000 });
  const search = await searchStories(db, tagName, { now, page: 1 });
  return {
    ids: new Set([...results.flatMap((page) => page.items.map((s) => s.id)), ...breaking.map((s) => s.id), ...search.hits.map((h) => h.id)]),
    tagCount: (await countPublicTagStories(db, tag!.id, now)).count,
  };
}

describe("visibility", () => {
  it("keeps drafts, future schedules and unpublished stories out of every listing, search and count", async () => {
    const now = new Date();
    const draft = await createArticle(db, storyInput("مسودة سرية عن الكرملين", ["وسم-الاختبار-الخفي"]), editor);
    const scheduled = await createArticle(db, storyInput("خبر مجدول عن الكرملين", ["وسم-الاختبار-الخفي"]), editor, {
      action: "schedule",
      at: new Date(now.getTime() + 2 * HOUR),
    });
    const withdrawn = await createArticle(db, storyInput("خبر سُحب عن الكرملين", ["وسم-الاختبار-الخفي"]), editor, { action: "publish" });
    await updateArticle(db, withdrawn.id, withdrawn.version, storyInput("خبر سُحب عن الكرملين", ["وسم-الاختبار-الخفي"]), editor, {
      action: "unpublish",
    });
    const hidden = [draft.id, scheduled.id, withdrawn.id];

    const before = await everyListingIds(now, "وسم-الاختبار-الخفي");
    for (const id of hidden) expect(before.ids.has(id)).toBe(false);
    expect(before.tagCount).toBe(0);

    // The scheduled story is public the moment its time comes, with no job having run.
    const later = new Date(now.getTime() + 3 * HOUR);
    const after = await everyListingIds(later, "وسم-الاختبار-الخفي");
    expect(after.ids.has(scheduled.id)).toBe(true);
    expect(after.ids.has(draft.id)).toBe(false);
    expect(after.ids.has(withdrawn.id)).toBe(false);
    expect(after.tagCount).toBe(1);
  });

  it("a story scheduled, withdrawn before its time and then published is public at once", async () => {
    const now = new Date();
    const scheduled = await createArticle(db, storyInput("خبر جُدول ثم سُحب ثم نُشر", ["وسم-النشر-الفوري"]), editor, {
      action: "schedule",
      at: new Date(now.getTime() + 5 * HOUR),
    });
    const withdrawn = await updateArticle(db, scheduled.id, scheduled.version, storyInput("خبر جُدول ثم سُحب ثم نُشر", ["وسم-النشر-الفوري"]), editor, {
      action: "unpublish",
    });
    await updateArticle(db, scheduled.id, withdrawn.version, storyInput("خبر جُدول ثم سُحب ثم نُشر", ["وسم-النشر-الفوري"]), editor, {
      action: "publish",
    });
    const soon = new Date(Date.now() + 1000);
    expect((await everyListingIds(soon, "وسم-النشر-الفوري")).ids.has(scheduled.id)).toBe(true);
    expect(await loadArticlePage(db, scheduled.id, soon)).not.toBeNull();
  });

  it("keeps unpublished stories out of read-also and similar articles", async () => {
    const now = new Date();
    const target = await createArticle(db, storyInput("خبر أساسي عن بوتين", ["بوتين", "الكرملين"]), editor, { action: "publish" });
    const linked = await createArticle(db, storyInput("خبر مرتبط سيُسحب", ["بوتين"]), editor, { action: "publish" });
    const draft = await createArticle(db, storyInput("مسودة مرتبطة", ["بوتين"]), editor);
    const main = await createArticle(
      db,
      storyInput("خبر يربط غيره", ["بوتين", "الكرملين"], { readAlsoIds: [linked.id, draft.id, target.id] }),
      editor,
      { action: "publish" },
    );
    let page = await loadArticlePage(db, main.id, new Date());
    expect(page!.readAlso.map((s) => s.id)).toEqual([linked.id, target.id]);
    await updateArticle(db, linked.id, linked.version, storyInput("خبر مرتبط سيُسحب", ["بوتين"]), editor, { action: "unpublish" });
    page = await loadArticlePage(db, main.id, new Date(now.getTime() + 1000));
    expect(page!.readAlso.map((s) => s.id)).toEqual([target.id]);
    const similarIds = page!.similar.map((s) => s.id);
    expect(similarIds).not.toContain(linked.id);
    expect(similarIds).not.toContain(draft.id);
  });
});

describe("similar articles", () => {
  it("never lists the story itself or its read-also, and ranks a shared rare tag above a common one", async () => {
    const now = new Date();
    const rare = await createArticle(db, storyInput("خبر يشارك وسماً نادراً", ["وسم-نادر-للتشابه"]), editor, {
      action: "publish",
    });
    const common = await createArticle(db, storyInput("خبر يشارك وسماً شائعاً", ["روسيا"]), editor, { action: "publish" });
    const linked = await createArticle(db, storyInput("خبر في اقرأ أيضاً", ["وسم-نادر-للتشابه", "روسيا"]), editor, {
      action: "publish",
    });
    const subject = await createArticle(
      db,
      storyInput("الخبر موضوع التشابه", ["وسم-نادر-للتشابه", "روسيا"], { readAlsoIds: [linked.id] }),
      editor,
      { action: "publish" },
    );
    const similar = await listSimilarStories(db, { articleId: subject.id, sectionId, excludeIds: [linked.id], now: new Date(now.getTime() + 1000) });
    const ids = similar.map((s) => s.id);
    expect(ids).not.toContain(subject.id);
    expect(ids).not.toContain(linked.id);
    expect(ids.length).toBeLessThanOrEqual(10);
    expect(ids.indexOf(rare.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(rare.id)).toBeLessThan(ids.indexOf(common.id) === -1 ? Infinity : ids.indexOf(common.id));
  });

  it("falls back to the section's latest when no tag is shared", async () => {
    const lonely = await createArticle(db, storyInput("خبر بلا وسوم مشتركة", ["وسم-وحيد-تماماً"]), editor, { action: "publish" });
    const similar = await listSimilarStories(db, { articleId: lonely.id, sectionId, excludeIds: [], now: new Date(Date.now() + 1000) });
    expect(similar.length).toBe(10);
    expect(similar.every((s) => s.sectionSlug === "سياسة")).toBe(true);
    expect(similar.map((s) => s.id)).not.toContain(lonely.id);
  });
});

describe("keyset pagination", () => {
  it("is stable when a story is published between page loads", async () => {
    const loadedAt = new Date(Date.now() + 5000);
    const reference = await listLatestStories(db, { now: loadedAt, limit: 10 });
    const first = await listLatestStories(db, { now: loadedAt, limit: 5 });
    const publishedAt = new Date(Date.now() + 6000);
    const fresh = await createArticle(db, storyInput("خبر نُشر بين صفحتين", ["روسيا"]), editor, { action: "publish" }, { now: publishedAt });
    const second = await listLatestStories(db, { now: new Date(Date.now() + 7000), limit: 5, cursor: first.nextCursor });
    expect(second.items.map((s) => s.id)).toEqual(reference.items.slice(5).map((s) => s.id));
    expect(second.items.map((s) => s.id)).not.toContain(fresh.id);
  });
});

describe("search", () => {
  const forms = ["والأمريكي", "الامريكى", "أمريكي", "لبوتين", "بوتين", "الكرملين", "كرملين", "ترمب"];
  it.each(forms)("«%s» finds the reference story's family", async (query) => {
    const result = await searchStories(db, query, { now: new Date(), page: 1 });
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits.some((hit) => hit.snippet.some((segment) => segment.match))).toBe(true);
  });

  it("finds ترامب when asked for ترمب, and ranks a title match first", async () => {
    const result = await searchStories(db, "ترمب", { now: new Date(), page: 1 });
    expect(result.hits.some((hit) => hit.title.includes("ترامب"))).toBe(true);
    const kremlin = await searchStories(db, "الكرملين", { now: new Date(), page: 1 });
    expect(kremlin.hits[0]!.title).toMatch(/الكرملين|كرملين/);
  });

  it("answers an overlong or hostile query without error", async () => {
    const long = await searchStories(db, "بوتين ".repeat(100), { now: new Date(), page: 1 });
    expect(long.hits.length).toBeGreaterThan(0);
    const hostile = await searchStories(db, "'); drop table articles; -- & | ! <-> :*", { now: new Date(), page: 1 });
    expect(Array.isArray(hostile.hits)).toBe(true);
  });
});

describe("tag story count", () => {
  it("counts a tag's public stories up to the cap, then says there are more", async () => {
    const tagName = "وسم-العد-المحدود";
    for (const title of ["خبر أول للعد", "خبر ثان للعد", "خبر ثالث للعد"]) {
      await createArticle(db, storyInput(title, [tagName]), editor, { action: "publish" });
    }
    await createArticle(db, storyInput("مسودة لا تحسب", [tagName]), editor);
    const [tag] = await db.select().from(tags).where(eq(tags.name, tagName));
    const now = new Date(Date.now() + 1000);
    expect(await countPublicTagStories(db, tag!.id, now, 3)).toEqual({ count: 3, more: false });
    expect(await countPublicTagStories(db, tag!.id, now, 2)).toEqual({ count: 2, more: true });
    expect(await countPublicTagStories(db, tag!.id, now)).toEqual({ count: 3, more: false });
  });
});
