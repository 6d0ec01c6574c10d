import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { articleRevisions, articles, articleTags, sections, tagRedirects, tags, users } from "@/db/schema";
import { bodyFromPlainText } from "@/lib/articles/body-text";
import { createArticle, updateArticle, type Actor } from "@/lib/articles/commands";
import { countArticlesByStatus, listAdminArticles, listRecentChanges } from "@/lib/articles/admin-queries";
import { listRevisions, restoreRevision } from "@/lib/articles/revisions";
import { TAG_ALIASES_MAX } from "@/lib/articles/schemas";
import { ForbiddenError, ValidationError, VersionConflictError } from "@/lib/errors";
import { searchStories } from "@/lib/articles/search";
import { deleteUnusedTag, mergeTags, renameTag, setTagAliases } from "@/lib/tags/commands";
import { openTestDatabase } from "./support";

let db: Database;
let close: () => Promise<void>;
let sectionId: number;
let editor: Actor;
let writer: Actor;

beforeAll(async () => {
  const opened = await openTestDatabase();
  db = opened.handle.db;
  close = opened.close;
  const [section] = await db.insert(sections).values({ slug: "politics", name: "سياسة", position: 1 }).returning();
  sectionId = section!.id;
  const [ed, wr] = await db
    .insert(users)
    .values([
      { email: "ed@t.example", displayName: "محرر", slug: "ed", passwordHash: "x", role: "editor" },
      { email: "wr@t.example", displayName: "كاتبة", slug: "wr", passwordHash: "x", role: "writer" },
    ])
    .returning();
  editor = { userId: ed!.id, role: "editor" };
  writer = { userId: wr!.id, role: "writer" };
});
afterAll(() => close());

function draft(title: string, tagNames: string[] = [], extra: Record<string, unknown> = {}) {
  return {
    title,
    body: bodyFromPlainText(`متن ${title}`),
    sectionId,
    authorIds: [editor.userId!],
    tagNames,
    ...extra,
  };
}

async function tagNamesOf(articleId: number) {
  const rows = await db
    .select({ name: tags.name })
    .from(articleTags)
    .innerJoin(tags, eq(tags.id, articleTags.tagId))
    .where(eq(articleTags.articleId, articleId))
    .orderBy(articleTags.position);
  return rows.map((r) => r.name);
}

describe("optimistic locking", () => {
  it("refuses a stale version and leaves the row and its revisions unchanged", async () => {
    const created = await createArticle(db, draft("خبر أول", ["اقتصاد"]), editor);
    const saved = await updateArticle(db, created.id, created.version, draft("خبر أول معدل", ["اقتصاد"]), editor);
    expect(saved.version).toBe(2);
    const [before] = await db.select().from(articles).where(eq(articles.id, created.id));
    const stale = updateArticle(db, created.id, 1, draft("نسخة قديمة", ["وسم آخر"]), editor);
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    const [after] = await db.select().from(articles).where(eq(articles.id, created.id));
    expect(after).toEqual(before);
    expect(await tagNamesOf(created.id)).toEqual(["اقتصاد"]);
    expect(await listRevisions(db, created.id)).toHaveLength(2);
    const [orphan] = await db.select().from(tags).where(eq(tags.name, "وسم آخر"));
    expect(orphan).toBeUndefined();
  });
});

describe("revisions", () => {
  it("restoring an old revision writes a new version with the old content", async () => {
    const created = await createArticle(db, draft("العنوان الأصلي", ["أ"]), editor);
    const v2 = await updateArticle(db, created.id, 1, draft("العنوان الثاني", ["ب"]), editor);
    const revisions = await listRevisions(db, created.id);
    const first = revisions.find((r) => r.version === 1)!;
    const restored = await restoreRevision(db, created.id, first.id, v2.version, editor);
    expect(restored.version).toBe(3);
    const [row] = await db.select().from(articles).where(eq(articles.id, created.id));
    expect(row?.title).toBe("العنوان الأصلي");
    expect(await tagNamesOf(created.id)).toEqual(["أ"]);
    const all = await listRevisions(db, created.id);
    expect(all.map((r) => r.version)).toEqual([3, 2, 1]);
    expect(all[0]?.note).toContain("استعادة النسخة 1");
  });

  it("refuses a restore from a writer and a restore against a stale version", async () => {
    const created = await createArticle(db, draft("خبر للاستعادة"), editor);
    const [rev] = await listRevisions(db, created.id);
    await expect(restoreRevision(db, created.id, rev!.id, 1, writer)).rejects.toBeInstanceOf(ForbiddenError);
    await updateArticle(db, created.id, 1, draft("خبر للاستعادة 2"), editor);
    await expect(restoreRevision(db, created.id, rev!.id, 1, editor)).rejects.toBeInstanceOf(VersionConflictError);
  });
});

describe("tag maintenance", () => {
  it("rename gives a new slug and keeps the old one as a redirect", async () => {
    const story = await createArticle(db, draft("خبر عن الطاقة", ["طاقة شمسية"]), editor, { action: "publish" });
    const [tag] = await db.select().from(tags).where(eq(tags.name, "طاقة شمسية"));
    const { tag: renamed, articleIds } = await renameTag(db, tag!.id, "الطاقة الشمسية");
    expect(renamed.slug).toBe("الطاقة-الشمسية");
    expect(articleIds).toEqual([story.id]);
    const [redirect] = await db.select().from(tagRedirects).where(eq(tagRedirects.slug, tag!.slug));
    expect(redirect?.tagId).toBe(tag!.id);
    // The story's search document now carries the new name.
    const [row] = await db.select({ v: articles.searchVector }).from(articles).where(eq(articles.id, story.id));
    expect(String(row?.v)).toContain("شمسي");
  });

  it("rename refuses a name that is another tag's identity", async () => {
    await createArticle(db, draft("خبر", ["الكرملين", "موسكو"]), editor);
    const [moscow] = await db.select().from(tags).where(eq(tags.name, "موسكو"));
    await expect(renameTag(db, moscow!.id, "الكرمَلين")).rejects.toBeInstanceOf(ValidationError);
  });

  it("merge moves stories without duplicates and points the old slug at the target", async () => {
    const both = await createArticle(db, draft("خبر بوسمين", ["ترمب", "ترامب"]), editor, { action: "publish" });
    const onlyA = await createArticle(db, draft("خبر بوسم واحد", ["ترمب"]), editor, { action: "publish" });
    const [a] = await db.select().from(tags).where(eq(tags.name, "ترمب"));
    const [b] = await db.select().from(tags).where(eq(tags.name, "ترامب"));
    // A's own older redirect must follow it to B.
    await db.insert(tagRedirects).values({ slug: "ترمب-قديم", tagId: a!.id });

    const { articleIds } = await mergeTags(db, a!.id, b!.id);
    expect(articleIds.sort()).toEqual([both.id, onlyA.id].sort());
    expect(await tagNamesOf(both.id)).toEqual(["ترامب"]);
    expect(await tagNamesOf(onlyA.id)).toEqual(["ترامب"]);
    expect(await db.select().from(tags).where(eq(tags.id, a!.id))).toHaveLength(0);
    const redirects = await db.select().from(tagRedirects).where(eq(tagRedirects.tagId, b!.id));
    expect(redirects.map((r) => r.slug).sort()).toEqual([a!.slug, "ترمب-قديم"].sort());
    const links = await db.select().from(articleTags).where(and(eq(articleTags.tagId, b!.id), eq(articleTags.articleId, both.id)));
    expect(links).toHaveLength(1);
    expect(links[0]?.articleListed).toBe(true);
  });

  it("merge makes the source's name and aliases aliases of the target, so search still finds its stories by them", async () => {
    const fromStory = await createArticle(db, draft("لقاء في العاصمة", ["سوبرانيو"]), editor, { action: "publish" });
    const intoStory = await createArticle(db, draft("مؤتمر صحفي مطول", ["سبرانيو"]), editor, { action: "publish" });
    const [from] = await db.select().from(tags).where(eq(tags.name, "سوبرانيو"));
    const [into] = await db.select().from(tags).where(eq(tags.name, "سبرانيو"));
    // «سبرانيوْ» is the target's own name and «الجزيره الحمراء» its alias in another spelling: both go.
    await setTagAliases(db, from!.id, "فانوتشي، سبرانيوْ، الجزيره الحمراء");
    await setTagAliases(db, into!.id, "الجزيرة الحمراء");
    const found = async (query: string) => (await searchStories(db, query, { now: new Date(), page: 1 })).hits.map((hit) => hit.id).sort();
    expect(await found("سوبرانيو")).toEqual([fromStory.id]);

    const { tag, articleIds } = await mergeTags(db, from!.id, into!.id);
    expect(articleIds).toEqual([fromStory.id]);
    expect(tag.aliases).toEqual(["الجزيرة الحمراء", "سوبرانيو", "فانوتشي"]);
    const [stored] = await db.select({ aliases: tags.aliases }).from(tags).where(eq(tags.id, into!.id));
    expect(stored?.aliases).toEqual(tag.aliases);
    // The moved story and the target's own story are both indexed with the carried names.
    const both = [fromStory.id, intoStory.id].sort();
    expect(await found("سوبرانيو")).toEqual(both);
    expect(await found("فانوتشي")).toEqual(both);
    expect(await found("الجزيرة الحمراء")).toEqual(both);
  });

  it("merge refuses to carry the target past its alias limit, and changes nothing", async () => {
    const story = await createArticle(db, draft("خبر عن الإقليم", ["الإقليم الشمالي"]), editor, { action: "publish" });
    const [from] = await db.select().from(tags).where(eq(tags.name, "الإقليم الشمالي"));
    const [into] = await db.insert(tags).values({ name: "الشمال", slug: "الشمال", normalizedName: "الشمال" }).returning();
    const full = Array.from({ length: TAG_ALIASES_MAX }, (_, i) => `الشمال ${i + 1}`);
    await setTagAliases(db, into!.id, full.join("، "));

    const refused = await mergeTags(db, from!.id, into!.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors.intoId?.[0]).toContain(String(TAG_ALIASES_MAX));
    expect(await tagNamesOf(story.id)).toEqual(["الإقليم الشمالي"]);
    const [kept] = await db.select({ aliases: tags.aliases }).from(tags).where(eq(tags.id, into!.id));
    expect(kept?.aliases).toEqual(full);
  });

  it("delete refuses a tag in use and removes an unused one", async () => {
    await createArticle(db, draft("خبر موسوم", ["مستخدم"]), editor);
    const [used] = await db.select().from(tags).where(eq(tags.name, "مستخدم"));
    await expect(deleteUnusedTag(db, used!.id)).rejects.toBeInstanceOf(ValidationError);
    const [unused] = await db.insert(tags).values({ name: "يتيم", slug: "يتيم", normalizedName: "يتيم" }).returning();
    await deleteUnusedTag(db, unused!.id);
    expect(await db.select().from(tags).where(eq(tags.id, unused!.id))).toHaveLength(0);
  });
});

describe("dashboard reads", () => {
  it("writers see only their own stories; counts and recent changes follow", async () => {
    const mine = await createArticle(db, { ...draft("مسودة الكاتبة"), authorIds: [writer.userId!] }, writer);
    const list = await listAdminArticles(db, { ownerId: writer.userId!, limit: 50 });
    expect(list.rows.map((r) => r.id)).toEqual([mine.id]);
    const counts = await countArticlesByStatus(db, { ownerId: writer.userId! });
    expect(counts).toEqual({ draft: 1, scheduled: 0, published: 0, unpublished: 0 });
    const changes = await listRecentChanges(db, { limit: 5, ownerId: writer.userId! });
    expect(changes[0]?.savedByName).toBe("كاتبة");
    const search = await listAdminArticles(db, { q: "الطاقه", limit: 10 });
    expect(search.rows.map((r) => r.title)).toEqual(["خبر عن الطاقة"]);
    const revisionCount = await db.select().from(articleRevisions).where(eq(articleRevisions.articleId, mine.id));
    expect(revisionCount).toHaveLength(1);
  });
});
