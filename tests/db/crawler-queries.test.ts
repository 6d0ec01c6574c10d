import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { sections, tags, users } from "@/db/schema";
import { bodyFromPlainText } from "@/lib/articles/body-text";
import { createArticle, updateArticle, type Actor } from "@/lib/articles/commands";
import { listFeedStories } from "@/lib/seo/feeds";
import {
  listArticleSitemapChunks,
  listArticleSitemapRows,
  listAuthorSitemapRows,
  listNewsSitemapRows,
  listSectionSitemapRows,
  listTagSitemapRows,
} from "@/lib/seo/sitemaps";
import { openTestDatabase } from "./support";

// Crawlers must see exactly the public stories: published, or scheduled with their time come.
// Drafts, schedules not yet due and unpublished stories stay out of every sitemap and feed.

const HOUR = 3_600_000;
const now = new Date("2026-03-10T12:00:00.000Z");
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * HOUR);

let db: Database;
let close: () => Promise<void>;
const ids: Record<"fresh" | "older" | "draft" | "scheduled" | "withdrawn", number> = {
  fresh: 0,
  older: 0,
  draft: 0,
  scheduled: 0,
  withdrawn: 0,
};

beforeAll(async () => {
  const opened = await openTestDatabase();
  db = opened.handle.db;
  close = opened.close;
  const [politics, culture] = await db
    .insert(sections)
    .values([
      { slug: "سياسة", name: "سياسة", position: 1 },
      { slug: "ثقافة", name: "ثقافة", position: 2 },
    ])
    .returning();
  const [visibleAuthor, hiddenAuthor] = await db
    .insert(users)
    .values([
      { email: "a@t.example", displayName: "سلمى", slug: "salma", passwordHash: "x", role: "editor" },
      { email: "b@t.example", displayName: "كريم", slug: "karim", passwordHash: "x", role: "writer" },
    ])
    .returning();
  const editor: Actor = { userId: visibleAuthor!.id, role: "editor" };
  const story = (title: string, sectionId: number, authorId: number, tagNames: string[]) => ({
    title,
    dek: `موجز ${title}`,
    body: bodyFromPlainText(`متن ${title}`),
    sectionId,
    authorIds: [authorId],
    tagNames,
  });
  const publishAt = (at: Date) => [{ action: "publish" as const }, { now: at }] as const;

  ids.older = (await createArticle(db, story("خبر قديم", politics!.id, visibleAuthor!.id, ["روسيا"]), editor, ...publishAt(hoursAgo(60)))).id;
  ids.fresh = (await createArticle(db, story("خبر جديد", politics!.id, visibleAuthor!.id, ["روسيا", "الكرملين"]), editor, ...publishAt(hoursAgo(1)))).id;
  ids.draft = (await createArticle(db, story("مسودة", culture!.id, hiddenAuthor!.id, ["وسم المسودة"]), editor, { action: "save" }, { now: hoursAgo(2) })).id;
  ids.scheduled = (
    await createArticle(
      db,
      story("خبر مجدول", culture!.id, hiddenAuthor!.id, ["وسم مجدول"]),
      editor,
      { action: "schedule", at: new Date(now.getTime() + 2 * HOUR) },
      { now: hoursAgo(5) },
    )
  ).id;
  const withdrawn = await createArticle(db, story("خبر سُحب", culture!.id, hiddenAuthor!.id, ["وسم مسحوب"]), editor, ...publishAt(hoursAgo(30)));
  ids.withdrawn = withdrawn.id;
  await updateArticle(db, withdrawn.id, withdrawn.version, story("خبر سُحب", culture!.id, hiddenAuthor!.id, ["وسم مسحوب"]), editor, { action: "unpublish" }, { now: hoursAgo(3) });
});
afterAll(() => close());

describe("article sitemaps", () => {
  it("list only public stories, in id order, in one chunk", async () => {
    const rows = await listArticleSitemapRows(db, { now, fromId: 0, toId: 50_000 });
    expect(rows.map((row) => row.id)).toEqual([ids.older, ids.fresh]);
    const chunks = await listArticleSitemapChunks(db, now);
    expect(chunks).toEqual([{ chunk: 0, lastModified: hoursAgo(1).toISOString() }]);
  });

  it("take a scheduled story in once its time has come, dated when it appeared", async () => {
    const later = new Date(now.getTime() + 3 * HOUR);
    const rows = await listArticleSitemapRows(db, { now: later, fromId: 0, toId: 50_000 });
    const scheduled = rows.find((row) => row.id === ids.scheduled);
    // Saved five hours before now, visible two hours after: readers saw it change on appearing.
    expect(scheduled?.lastModified).toBe(new Date(now.getTime() + 2 * HOUR).toISOString());
  });

  it("respect the id range", async () => {
    expect(await listArticleSitemapRows(db, { now, fromId: ids.fresh, toId: ids.fresh + 1 })).toHaveLength(1);
    expect(await listArticleSitemapRows(db, { now, fromId: 50_000, toId: 100_000 })).toEqual([]);
  });
});

describe("tag, section and author sitemaps", () => {
  it("leave out tags whose stories are not public", async () => {
    const rows = await listTagSitemapRows(db, now);
    const [russia] = await db.select().from(tags).where(eq(tags.name, "روسيا"));
    expect(rows.map((row) => row.slug).sort()).toEqual(["الكرملين", russia!.slug].sort());
    expect(rows.find((row) => row.slug === russia!.slug)?.lastModified).toBe(hoursAgo(1).toISOString());
  });

  it("leave out sections and authors with no public story", async () => {
    expect(await listSectionSitemapRows(db, now)).toEqual([{ slug: "سياسة", lastModified: hoursAgo(1).toISOString() }]);
    expect(await listAuthorSitemapRows(db, now)).toEqual([{ slug: "salma", lastModified: hoursAgo(1).toISOString() }]);
  });
});

describe("news sitemap", () => {
  it("holds stories first published in the last 48 hours only", async () => {
    const rows = await listNewsSitemapRows(db, now);
    expect(rows.map((row) => row.id)).toEqual([ids.fresh]);
    expect(rows[0]?.firstPublishedAt).toBe(hoursAgo(1).toISOString());
  });
});

describe("feeds", () => {
  it("list the latest public stories with their tags and authors", async () => {
    const stories = await listFeedStories(db, now, null);
    expect(stories.map((story) => story.id)).toEqual([ids.fresh, ids.older]);
    expect(stories[0]).toMatchObject({
      title: "خبر جديد",
      dek: "موجز خبر جديد",
      authors: ["سلمى"],
      tags: [{ name: "روسيا" }, { name: "الكرملين" }],
      hero: null,
    });
  });

  it("filter by tag through the tag listing index, and by section", async () => {
    const [kremlin] = await db.select().from(tags).where(eq(tags.name, "الكرملين"));
    expect((await listFeedStories(db, now, { tagId: kremlin!.id })).map((story) => story.id)).toEqual([ids.fresh]);
    const [culture] = await db.select().from(sections).where(eq(sections.slug, "ثقافة"));
    expect(await listFeedStories(db, now, { sectionId: culture!.id })).toEqual([]);
  });
});

it("names no hidden author anywhere", async () => {
  const [hidden] = await db.select().from(users).where(eq(users.slug, "karim"));
  const stories = await listFeedStories(db, now, null);
  expect(stories.flatMap((story) => story.authors)).not.toContain(hidden!.displayName);
});
