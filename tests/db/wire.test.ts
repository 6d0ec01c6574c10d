import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { articles, sections, users, wireEntries, wireItems, wireSources } from "@/db/schema";
import { seedDemoContent } from "@/db/seed";
import { updateArticle, type Actor } from "@/lib/articles/commands";
import { getArticleDraftInput } from "@/lib/articles/api-queries";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { loadArticlePage } from "@/lib/pages/article";
import { listFeedStories } from "@/lib/seo/feeds/queries";
import { listNewsSitemapRows } from "@/lib/seo/sitemaps/queries";
import { getWireItem, ignoreWireItem, listWireQueue, publishWireItem, restoreWireItem, wireDraft } from "@/lib/wire/desk";
import { pollDueSources, pollSourceNow, type PollSettings } from "@/lib/wire/poll";
import { createWireSource, listWireSources, updateWireSource } from "@/lib/wire/sources";
import { AGENCY_STORIES, startFeedServer, type FeedServer } from "../support/wire-feeds";
import { openTestDatabase } from "./support";

// The wire desk against fixture feeds served by this test on 127.0.0.1 (the sources allow that
// host explicitly; the SSRF guard itself is tested in tests/unit/wire-fetch.test.ts).

let db: Database;
let close: () => Promise<void>;
let feeds: FeedServer;
let admin: Actor;
let editor: Actor;
let writer: Actor;
let sectionSlug: string;
const settings: PollSettings = { timeoutMs: 1_500, maxBytes: 256 * 1024, userAgent: "newsroom-test" };
const ids: Record<string, number> = {};

beforeAll(async () => {
  const opened = await openTestDatabase();
  db = opened.handle.db;
  close = opened.close;
  await seedDemoContent(db, { heroImages: false });
  const pick = async (role: "editor" | "writer") => (await db.select().from(users).where(eq(users.role, role)))[0]!;
  // The seed has no admin account: an admin's API key acts with no user.
  admin = { userId: null, role: "admin", apiKeyId: null };
  editor = { userId: (await pick("editor")).id, role: "editor" };
  writer = { userId: (await pick("writer")).id, role: "writer" };
  sectionSlug = (await db.select({ slug: sections.slug }).from(sections).limit(1))[0]!.slug;
  feeds = await startFeedServer();
});
afterAll(async () => {
  await feeds?.close();
  await close();
});

const source = (name: string, path: string, extra: Record<string, unknown> = {}) => ({
  name,
  url: feeds.url(path),
  section: sectionSlug,
  tags: ["وكالات"],
  intervalMinutes: 10,
  allowHost: true,
  ...extra,
});

describe("wire sources", () => {
  it("are registered by admins only, with field errors for bad input", async () => {
    await expect(createWireSource(db, source("وكالة", "/agency.rss"), editor)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createWireSource(db, { ...source("وكالة", "/agency.rss"), url: "ftp://x.example/feed" }, admin)).rejects.toMatchObject({
      fieldErrors: { url: [expect.stringContaining("http")] },
    });
    await expect(createWireSource(db, { ...source("وكالة", "/agency.rss"), mode: "auto" }, admin)).rejects.toMatchObject({
      fieldErrors: { authorId: [expect.any(String)] },
    });
    // A private address needs the explicit allowance.
    await expect(createWireSource(db, { ...source("داخلي", "/agency.rss"), allowHost: false }, admin)).rejects.toMatchObject({
      fieldErrors: { url: [expect.stringContaining("allowHost")] },
    });
    await expect(createWireSource(db, { ...source("وكالة", "/agency.rss"), section: "no-such-section" }, admin)).rejects.toMatchObject({
      fieldErrors: { section: ["القسم غير موجود"] },
    });
    await expect(createWireSource(db, { ...source("وكالة", "/agency.rss"), intervalMinutes: 0 }, admin)).rejects.toBeInstanceOf(ValidationError);
  });

  it("register the fixture outlets", async () => {
    for (const [key, name, path, extra] of [
      ["agency", "وكالة الأنباء العربية", "/agency.rss", { canonical: "ours" }],
      ["partner", "شريكنا الإخباري", "/partner.rss", {}],
      ["atom", "الخليج اليوم", "/atom.xml", {}],
      ["rdf", "مجلة العلوم", "/rdf.xml", { canonical: "original" }],
      ["broken", "خلاصة مكسورة", "/broken.xml", {}],
      ["html", "صفحة خطأ", "/error.html", {}],
      ["hang", "مصدر لا يجيب", "/hang", {}],
      ["endless", "مصدر بلا نهاية", "/endless", {}],
    ] as const) {
      ids[key] = (await createWireSource(db, source(name, path, extra), admin)).id;
    }
    await expect(createWireSource(db, source("مكرر", "/agency.rss"), admin)).rejects.toMatchObject({ fieldErrors: { url: [expect.any(String)] } });
  });
});

describe("polling", () => {
  it("fills the queue, groups one story from two outlets, and records every failing source's error", async () => {
    const started = Date.now();
    const round = await pollDueSources(db, settings);
    // The hanging source costs its timeout, in parallel with the rest; nothing waits for it twice.
    expect(Date.now() - started).toBeLessThan(settings.timeoutMs * 3 + 5_000);
    const counts = new Map(round!.map((result) => [result.sourceId, result.counts]));
    expect(counts.get(ids.agency!)).toMatchObject({ fetched: 3, errors: 0, error: null });
    expect(counts.get(ids.atom!)).toMatchObject({ fetched: 1, new: 1 });
    expect(counts.get(ids.rdf!)).toMatchObject({ fetched: 1, new: 1 });
    const agencyAndPartner = counts.get(ids.agency!)!.new + counts.get(ids.partner!)!.new;
    // Six entries, two of them the same stories in other words: four queue items.
    expect(agencyAndPartner).toBe(4);
    expect(counts.get(ids.agency!)!.grouped + counts.get(ids.partner!)!.grouped).toBe(2);
    for (const failing of ["broken", "html", "hang", "endless"]) expect(counts.get(ids[failing]!)).toMatchObject({ errors: 1, fetched: 0 });

    const rows = new Map((await listWireSources(db)).map((row) => [row.id, row]));
    expect(rows.get(ids.broken!)!.lastError).toContain("ليست خلاصة");
    expect(rows.get(ids.html!)!.lastError).toContain("HTML");
    expect(rows.get(ids.hang!)!.lastError).toContain("مهلة");
    expect(rows.get(ids.endless!)!.lastError).toContain("أكبر من الحد");
    for (const failing of ["broken", "html", "hang", "endless"]) {
      const row = rows.get(ids[failing]!)!;
      expect(row.lastSuccessAt).toBeNull();
      expect(row.failures).toBe(1);
      // Backed off: twice its interval.
      expect(row.nextPollAt.getTime() - Date.now()).toBeGreaterThan(19 * 60_000);
      expect(row.leaseUntil).toBeNull();
    }
    expect(rows.get(ids.agency!)!.lastSuccessAt).not.toBeNull();
    expect(rows.get(ids.agency!)!.etag).toBe('"v1"');

    const queue = await listWireQueue(db, { status: "new" });
    expect(queue.items).toHaveLength(6);
    const oil = queue.items.find((item) => item.entries.some((entry) => entry.url === AGENCY_STORIES[0]!.link))!;
    expect(oil.entries.map((entry) => entry.sourceName).sort()).toEqual(["شريكنا الإخباري", "وكالة الأنباء العربية"].sort());
    // Decoded from windows-1256 (declared in the XML only).
    expect(oil.entries.find((entry) => entry.sourceId === ids.agency)!.title).toBe(AGENCY_STORIES[0]!.title);
    // Newest first.
    const times = queue.items.map((item) => item.sortAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // Filter by source: the partner sent three stories, two of them grouped with the agency's.
    expect((await listWireQueue(db, { sourceId: ids.partner })).items).toHaveLength(3);
  });

  it("fetches no body when the feed has not changed, and never stores an entry twice", async () => {
    expect(feeds.bodiesServed("/agency.rss")).toBe(1);
    const again = await pollSourceNow(db, ids.agency!, editor, settings);
    expect(again).toMatchObject({ notModified: true, fetched: 0, new: 0 });
    expect(feeds.requests("/agency.rss")).toBe(2);
    expect(feeds.bodiesServed("/agency.rss")).toBe(1);

    // The agency adds a story: the feed changes, the old three are duplicates.
    feeds.setStories("/agency.rss", [
      ...AGENCY_STORIES,
      { guid: "agency-1004", title: "الحكومة تقر موازنة العام المقبل بزيادة الإنفاق على التعليم", lead: "أقرت الحكومة موازنة العام المقبل.", html: "<p>أقرت الحكومة موازنة العام المقبل.</p>", link: "https://agency.example/news/1004", date: "Mon, 07 Dec 2026 12:00:00 GMT" },
    ]);
    const changed = await pollSourceNow(db, ids.agency!, editor, settings);
    expect(changed).toMatchObject({ fetched: 4, new: 1, duplicates: 3, errors: 0 });
    const entries = await db.select().from(wireEntries).where(eq(wireEntries.sourceId, ids.agency!));
    expect(entries).toHaveLength(4);
  });

  it("lets only editors poll by hand", async () => {
    await expect(pollSourceNow(db, ids.atom!, writer, settings)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("the desk", () => {
  it("ignores an item and undoes it; writers may not", async () => {
    const [item] = (await listWireQueue(db, { sourceId: ids.atom })).items;
    await expect(ignoreWireItem(db, item!.id, writer)).rejects.toBeInstanceOf(ForbiddenError);
    await ignoreWireItem(db, item!.id, editor);
    expect((await listWireQueue(db, { status: "ignored" })).items.map((i) => i.id)).toContain(item!.id);
    expect((await listWireQueue(db, { status: "new" })).items.map((i) => i.id)).not.toContain(item!.id);
    await restoreWireItem(db, item!.id, editor);
    expect((await getWireItem(db, item!.id))!.status).toBe("new");
  });

  it("drafts a story from an item with its body made safe, and writers may draft but not publish", async () => {
    const oil = (await listWireQueue(db, { sourceId: ids.agency })).items.find((item) => item.entries.some((entry) => entry.url === AGENCY_STORIES[0]!.link))!;
    const draft = await wireDraft(db, oil.id, writer);
    expect(draft).toMatchObject({ sourceName: "وكالة الأنباء العربية", sourceUrl: AGENCY_STORIES[0]!.link, title: AGENCY_STORIES[0]!.title, tagNames: ["وكالات"] });
    expect(JSON.stringify(draft.body)).toContain("مستوى قياسي");
    expect(JSON.stringify(draft.body)).not.toContain("alert");
    // The partner's copy, when asked for.
    expect((await wireDraft(db, oil.id, writer, ids.partner)).sourceUrl).toBe("https://partner.example/p/77");
    await expect(publishWireItem(db, oil.id, writer)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("publishes an item once, with the outlet's attribution locked on the story", async () => {
    const oil = (await listWireQueue(db, { sourceId: ids.agency })).items.find((item) => item.entries.some((entry) => entry.url === AGENCY_STORIES[0]!.link))!;
    const saved = await publishWireItem(db, oil.id, editor);
    expect(saved.status).toBe("published");
    await expect(publishWireItem(db, oil.id, editor)).rejects.toBeInstanceOf(ConflictError);
    expect((await getWireItem(db, oil.id))).toMatchObject({ status: "used", articleId: saved.id });
    await expect(ignoreWireItem(db, oil.id, editor)).rejects.toBeInstanceOf(ConflictError);
    // «حرّر وانشر» on a used item names the story instead of opening a form bound to fail.
    expect((await wireDraft(db, oil.id, editor)).usedByArticleId).toBe(saved.id);

    const page = await loadArticlePage(db, saved.id, new Date());
    expect(page).toMatchObject({ sourceName: "وكالة الأنباء العربية", sourceUrl: AGENCY_STORIES[0]!.link, sourceIsCanonical: false });
    expect(page!.tags.map((tag) => tag.name)).toEqual(["وكالات"]);

    // A later save cannot change the source.
    const input = (await getArticleDraftInput(db, saved.id, editor))!.draft;
    await updateArticle(db, saved.id, saved.version, { ...input, sourceName: "مصدر آخر", sourceUrl: "https://evil.example/" }, editor, { action: "publish" });
    const [row] = await db.select().from(articles).where(eq(articles.id, saved.id));
    expect(row).toMatchObject({ sourceName: "وكالة الأنباء العربية", sourceUrl: AGENCY_STORIES[0]!.link, wireItemId: oil.id, wireSourceId: ids.agency });

    // Our RSS keeps the source: the outlet's feed.
    const feed = await listFeedStories(db, new Date(), null);
    expect(feed.find((story) => story.id === saved.id)!.source).toEqual({ name: "وكالة الأنباء العربية", url: feeds.url("/agency.rss") });
  });

  it("points the canonical to the original for an outlet that keeps it, and leaves such stories out of sitemaps", async () => {
    const [comet] = (await listWireQueue(db, { sourceId: ids.rdf })).items;
    const saved = await publishWireItem(db, comet!.id, editor);
    const page = await loadArticlePage(db, saved.id, new Date());
    expect(page).toMatchObject({ sourceIsCanonical: true, sourceUrl: "https://science.example/a/5" });
    expect((await listNewsSitemapRows(db, new Date())).map((row) => row.id)).not.toContain(saved.id);
    // Changing the outlet's choice changes its stories.
    await updateWireSource(db, ids.rdf!, source("مجلة العلوم", "/rdf.xml", { canonical: "ours" }), admin);
    expect((await loadArticlePage(db, saved.id, new Date()))!.sourceIsCanonical).toBe(false);
    expect((await listNewsSitemapRows(db, new Date())).map((row) => row.id)).toContain(saved.id);
  });
});

describe("auto-publish", () => {
  it("publishes a contracted agency's stories on its own, with attribution", async () => {
    const id = (await createWireSource(db, source("وكالة الخبر المتعاقدة", "/auto.rss", { mode: "auto", authorId: editor.userId }), admin)).id;
    feeds.setStories("/auto.rss", [
      { guid: "auto-1", title: "مجلس الوزراء يقر خطة وطنية للطاقة المتجددة حتى عام 2035", lead: "أقر مجلس الوزراء خطة وطنية للطاقة المتجددة.", html: "<p>أقر مجلس الوزراء خطة وطنية للطاقة المتجددة حتى عام 2035.</p>", link: "https://contracted.example/1", date: "Mon, 07 Dec 2026 13:00:00 GMT" },
    ]);
    const counts = await pollSourceNow(db, id, editor, settings);
    expect(counts).toMatchObject({ new: 1, published: 1, errors: 0 });
    const [story] = await db.select().from(articles).where(eq(articles.wireSourceId, id));
    expect(story).toMatchObject({ status: "published", sourceName: "وكالة الخبر المتعاقدة", sourceUrl: "https://contracted.example/1" });
    const [item] = await db.select().from(wireItems).where(eq(wireItems.id, story!.wireItemId!));
    expect(item!.status).toBe("used");
    // Polling again publishes nothing twice.
    feeds.setStories("/auto.rss", [{ guid: "auto-1", title: "مجلس الوزراء يقر خطة وطنية للطاقة المتجددة حتى عام 2035", lead: "", html: "", link: "https://contracted.example/1", date: "Mon, 07 Dec 2026 13:00:00 GMT" }]);
    expect(await pollSourceNow(db, id, editor, settings)).toMatchObject({ new: 0, published: 0, duplicates: 1 });
    expect(await db.select().from(articles).where(eq(articles.wireSourceId, id))).toHaveLength(1);
  });

  it("keeps a paused source out of the rounds", async () => {
    await db.update(wireSources).set({ paused: true, nextPollAt: new Date(0) }).where(eq(wireSources.id, ids.partner!));
    const round = await pollDueSources(db, settings);
    expect(round!.map((result) => result.sourceId)).not.toContain(ids.partner);
  });
});
