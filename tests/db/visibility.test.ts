import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { sections, tags, users } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/commands";
import {
  canUserSeeArticle,
  getArticleForEditor,
  HIDDEN_LINK_TITLE,
  listAdminArticles,
  searchLinkableStories,
} from "@/lib/articles/admin-queries";
import { getApiArticleById, getArticleDraftInput, listApiArticles } from "@/lib/articles/api-queries";
import { suggestTags } from "@/lib/tags/admin-queries";
import { bodyFromPlainText } from "@/lib/articles/body-text";
import { createArticle, keyActor, updateArticle, type Actor } from "@/lib/articles/commands";
import { readTagPage } from "@/lib/pages/listings";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { readTagFeedSource } from "@/lib/seo/feeds";
import { listTagSitemapRows } from "@/lib/seo/sitemaps";
import { openTestDatabase } from "./support";

// Who may read which story (lib/articles/visibility), asked through every door: the save path's
// read-also check, the picker, the editor, the dashboard list and the JSON API. A story someone may
// not see answers exactly like an id that does not exist. And a tag only a draft carries has no
// public page, feed or sitemap entry until a story carrying it is published.

const HOUR = 3_600_000;
const now = new Date("2026-05-01T12:00:00.000Z");

let db: Database;
let close: () => Promise<void>;
let sectionId: number;
let editor: Actor;
let writerA: Actor;
let writerB: Actor;
let writerKey: Actor;
let otherWriterKey: Actor;
let editorKey: Actor;
const ids = { published: 0, scheduled: 0, draftOfB: 0, draftOfA: 0, withdrawn: 0, keyDraft: 0, otherKeyDraft: 0 };
const MISSING_ID = 999_999;

function story(title: string, authorId: number, extra: Record<string, unknown> = {}) {
  return { title, body: bodyFromPlainText(`متن ${title}`), sectionId, authorIds: [authorId], ...extra };
}

/** What a failed save answers (the API and the form show exactly this), or null when it succeeds. */
async function saveErrors(save: Promise<unknown>): Promise<unknown> {
  try {
    await save;
    return null;
  } catch (error) {
    if (error instanceof ValidationError) return { name: error.name, message: error.message, fieldErrors: error.fieldErrors };
    throw error;
  }
}

beforeAll(async () => {
  const opened = await openTestDatabase();
  db = opened.handle.db;
  close = opened.close;
  const [section] = await db.insert(sections).values({ slug: "economy", name: "اقتصاد", position: 1 }).returning();
  sectionId = section!.id;
  const [ed, a, b] = await db
    .insert(users)
    .values([
      { email: "ed@v.example", displayName: "محررة", slug: "v-ed", passwordHash: "x", role: "editor" },
      { email: "a@v.example", displayName: "كاتب أ", slug: "v-a", passwordHash: "x", role: "writer" },
      { email: "b@v.example", displayName: "كاتبة ب", slug: "v-b", passwordHash: "x", role: "writer" },
    ])
    .returning();
  editor = { userId: ed!.id, role: "editor" };
  writerA = { userId: a!.id, role: "writer" };
  writerB = { userId: b!.id, role: "writer" };
  writerKey = keyActor({ keyId: (await createApiKey(db, { name: "وكالة", role: "writer" }, ed!.id)).id, role: "writer" });
  otherWriterKey = keyActor({ keyId: (await createApiKey(db, { name: "وكالة أخرى", role: "writer" }, ed!.id)).id, role: "writer" });
  editorKey = keyActor({ keyId: (await createApiKey(db, { name: "مكتب التحرير", role: "editor" }, ed!.id)).id, role: "editor" });

  const earlier = { now: new Date(now.getTime() - 5 * HOUR) };
  ids.published = (await createArticle(db, story("خبر منشور عن الموازنة", ed!.id), editor, { action: "publish" }, earlier)).id;
  ids.scheduled = (
    await createArticle(db, story("خبر مجدول عن الموازنة", ed!.id), editor, { action: "schedule", at: new Date(now.getTime() + 24 * HOUR) }, earlier)
  ).id;
  ids.draftOfB = (await createArticle(db, story("مسودة محظورة عن الموازنة", b!.id), writerB, { action: "save" }, earlier)).id;
  ids.draftOfA = (await createArticle(db, story("مسودة الكاتب أ عن الموازنة", a!.id), writerA, { action: "save" }, earlier)).id;
  const withdrawn = await createArticle(db, story("خبر سُحب عن الموازنة", ed!.id), editor, { action: "publish" }, earlier);
  await updateArticle(db, withdrawn.id, withdrawn.version, story("خبر سُحب عن الموازنة", ed!.id), editor, { action: "unpublish" }, earlier);
  ids.withdrawn = withdrawn.id;
  ids.keyDraft = (await createArticle(db, story("مسودة الوكالة عن الموازنة", ed!.id), writerKey, { action: "save" }, earlier)).id;
  ids.otherKeyDraft = (await createArticle(db, story("مسودة وكالة أخرى عن الموازنة", ed!.id), otherWriterKey, { action: "save" }, earlier)).id;
});
afterAll(() => close());

describe("read-also on save", () => {
  it("refuses another writer's draft with the very answer a missing id gets", async () => {
    const forbidden = await saveErrors(createArticle(db, story("رابط إلى مسودة غيري", writerA.userId!, { readAlsoIds: [ids.draftOfB] }), writerA, { action: "save" }, { now }));
    const missing = await saveErrors(createArticle(db, story("رابط إلى خبر غير موجود", writerA.userId!, { readAlsoIds: [MISSING_ID] }), writerA, { action: "save" }, { now }));
    expect(forbidden).not.toBeNull();
    expect(forbidden).toEqual(missing);
    // Nor through a writer's API key, nor to someone else's withdrawn story.
    const viaKey = await saveErrors(createArticle(db, story("رابط عبر الوكالة", writerA.userId!, { readAlsoIds: [ids.otherKeyDraft] }), writerKey, { action: "save" }, { now }));
    expect(viaKey).toEqual(missing);
    const withdrawn = await saveErrors(createArticle(db, story("رابط إلى خبر مسحوب", writerA.userId!, { readAlsoIds: [ids.withdrawn] }), writerA, { action: "save" }, { now }));
    expect(withdrawn).toEqual(missing);
  });

  it("lets a writer link public and scheduled stories and their own drafts; editors link anything", async () => {
    const allowed = [ids.published, ids.scheduled, ids.draftOfA];
    expect(await saveErrors(createArticle(db, story("روابط مسموحة", writerA.userId!, { readAlsoIds: allowed }), writerA, { action: "save" }, { now }))).toBeNull();
    expect(await saveErrors(createArticle(db, story("روابط الوكالة", writerA.userId!, { readAlsoIds: [ids.published, ids.keyDraft] }), writerKey, { action: "save" }, { now }))).toBeNull();
    expect(await saveErrors(createArticle(db, story("روابط المحررة", editor.userId!, { readAlsoIds: [ids.draftOfB, ids.withdrawn] }), editor, { action: "save" }, { now }))).toBeNull();
  });

  it("keeps a link an editor made to a story the writer cannot see, and shows the writer neither its title nor status", async () => {
    const saved = await createArticle(db, story("مسودة يربطها المحرر", writerA.userId!), writerA, { action: "save" }, { now });
    const linked = await updateArticle(db, saved.id, saved.version, story("مسودة يربطها المحرر", writerA.userId!, { readAlsoIds: [ids.published, ids.draftOfB] }), editor, { action: "save" }, { now });

    const forWriter = await getArticleForEditor(db, saved.id, writerA, now);
    expect(forWriter!.readAlso).toEqual([
      { id: ids.published, title: "خبر منشور عن الموازنة", status: "published", isBreaking: false },
      { id: ids.draftOfB, title: HIDDEN_LINK_TITLE, status: "hidden", isBreaking: false },
    ]);
    expect(JSON.stringify(forWriter)).not.toContain("مسودة محظورة");
    const forEditor = await getArticleForEditor(db, saved.id, editor, now);
    expect(forEditor!.readAlso.map((s) => s.title)).toEqual(["خبر منشور عن الموازنة", "مسودة محظورة عن الموازنة"]);

    // The writer saves the editor's form back (hidden id included): the link is kept.
    const resaved = await updateArticle(db, saved.id, linked.version, story("مسودة يربطها المحرر بعد التعديل", writerA.userId!, { readAlsoIds: [ids.published, ids.draftOfB] }), writerA, { action: "save" }, { now });
    expect((await getArticleForEditor(db, saved.id, editor, now))!.readAlso.map((s) => s.id)).toEqual([ids.published, ids.draftOfB]);
    // Removing it is fine; adding it back is not.
    const removed = await updateArticle(db, saved.id, resaved.version, story("مسودة يربطها المحرر", writerA.userId!, { readAlsoIds: [ids.published] }), writerA, { action: "save" }, { now });
    expect(await saveErrors(updateArticle(db, saved.id, removed.version, story("مسودة يربطها المحرر", writerA.userId!, { readAlsoIds: [ids.published, ids.draftOfB] }), writerA, { action: "save" }, { now }))).toMatchObject({
      fieldErrors: { readAlsoIds: ["أحد أخبار «اقرأ أيضاً» غير موجود"] },
    });
  });
});

describe("read-also picker", () => {
  const found = async (viewer: Actor, q: string) => (await searchLinkableStories(db, viewer, { q, now, limit: 20 })).map((s) => s.id);

  it("offers a writer public and scheduled stories and their own drafts, never another writer's draft, by title or id", async () => {
    const offered = await found(writerA, "الموازنه");
    expect(offered).toEqual(expect.arrayContaining([ids.published, ids.scheduled, ids.draftOfA]));
    expect(offered).not.toContain(ids.draftOfB);
    expect(offered).not.toContain(ids.withdrawn);
    expect(offered.indexOf(ids.published)).toBeLessThan(offered.indexOf(ids.scheduled));
    expect(offered.indexOf(ids.scheduled)).toBeLessThan(offered.indexOf(ids.draftOfA));
    expect(await found(writerA, String(ids.draftOfB))).toEqual([]);
    expect(await found(writerB, String(ids.draftOfB))).toEqual([ids.draftOfB]);
  });

  it("offers editors every story", async () => {
    expect(await found(editor, "الموازنه")).toEqual(expect.arrayContaining([ids.draftOfB, ids.withdrawn, ids.keyDraft]));
  });
});

describe("the dashboard", () => {
  it("lists and opens only a writer's own stories", async () => {
    const listed = (await listAdminArticles(db, { ownerId: writerA.userId!, limit: 100 })).rows.map((r) => r.id);
    expect(listed).toContain(ids.draftOfA);
    expect(listed).not.toContain(ids.draftOfB);
    expect(await canUserSeeArticle(db, ids.draftOfB, { id: writerA.userId!, role: "writer" })).toBe(false);
    expect(await canUserSeeArticle(db, ids.draftOfA, { id: writerA.userId!, role: "writer" })).toBe(true);
    expect(await canUserSeeArticle(db, ids.draftOfB, { id: editor.userId!, role: "editor" })).toBe(true);
  });
});

describe("API keys", () => {
  it("a writer key lists public stories and its own drafts, nothing else", async () => {
    const listed = (await listApiArticles(db, writerKey, { limit: 100 }, now)).items.map((item) => item.id);
    expect(listed).toEqual(expect.arrayContaining([ids.published, ids.keyDraft]));
    for (const hidden of [ids.draftOfA, ids.draftOfB, ids.otherKeyDraft, ids.scheduled, ids.withdrawn]) expect(listed).not.toContain(hidden);
    // Every draft it lists is one the key created (the earlier test saved one more with it).
    const drafts = (await listApiArticles(db, writerKey, { status: "draft", limit: 100 }, now)).items;
    expect(drafts.map((item) => item.title).sort()).toEqual(["روابط الوكالة", "مسودة الوكالة عن الموازنة"].sort());
    // Once the schedule comes due, the scheduled story is public like any other.
    const later = (await listApiArticles(db, writerKey, { limit: 100 }, new Date(now.getTime() + 25 * HOUR))).items.map((item) => item.id);
    expect(later).toContain(ids.scheduled);
  });

  it("a writer key gets nothing for a story it may not see, exactly as for a missing id", async () => {
    for (const hidden of [ids.draftOfB, ids.otherKeyDraft, ids.scheduled, ids.withdrawn, MISSING_ID]) {
      expect(await getApiArticleById(db, hidden, writerKey, now)).toBeUndefined();
      expect(await getArticleDraftInput(db, hidden, writerKey, now)).toBeUndefined();
    }
    expect(await getApiArticleById(db, ids.keyDraft, writerKey, now)).toMatchObject({ id: ids.keyDraft, status: "draft" });
    expect(await getApiArticleById(db, ids.published, writerKey, now)).toMatchObject({ id: ids.published });
  });

  it("a writer key edits its own drafts only; an editor key still sees and lists everything", async () => {
    const own = (await getArticleDraftInput(db, ids.keyDraft, writerKey, now))!;
    const edited = await updateArticle(db, ids.keyDraft, own.version, { ...own.draft, title: "مسودة الوكالة بعد التعديل" }, writerKey, { action: "save" }, { now });
    expect(edited.version).toBe(own.version + 1);
    const theirs = (await getArticleDraftInput(db, ids.otherKeyDraft, editorKey, now))!;
    await expect(updateArticle(db, ids.otherKeyDraft, theirs.version, theirs.draft, writerKey, { action: "save" }, { now })).rejects.toBeInstanceOf(ForbiddenError);

    const all = (await listApiArticles(db, editorKey, { limit: 100 }, now)).items.map((item) => item.id);
    expect(all).toEqual(expect.arrayContaining(Object.values(ids)));
    expect(await getApiArticleById(db, ids.draftOfB, editorKey, now)).toMatchObject({ title: "مسودة محظورة عن الموازنة" });
  });

  it("a writer key does not learn the id of a hidden story from a read-also list", async () => {
    const linking = await createArticle(db, story("خبر منشور بروابط", editor.userId!, { readAlsoIds: [ids.published, ids.draftOfB] }), editor, { action: "publish" }, { now: new Date(now.getTime() - HOUR) });
    expect((await getApiArticleById(db, linking.id, writerKey, now))!.readAlso).toEqual([ids.published]);
    expect((await getApiArticleById(db, linking.id, editorKey, now))!.readAlso).toEqual([ids.published, ids.draftOfB]);
  });
});

describe("tags only a draft carries", () => {
  it("have no page, feed or sitemap entry until a story carrying them is published", async () => {
    const tagName = `وسم المسودة ${Date.now().toString(36)}`;
    const draft = await createArticle(db, story("مسودة بوسم جديد", editor.userId!, { tagNames: [tagName] }), editor, { action: "save" }, { now });
    const [tag] = await db.select().from(tags).where(eq(tags.name, tagName));
    expect(tag).toBeDefined();

    expect(await readTagPage(db, tag!.slug, null, now)).toEqual({ kind: "missing" });
    expect(await readTagFeedSource(db, tag!.slug, now)).toEqual({ kind: "missing" });
    expect((await listTagSitemapRows(db, now)).map((row) => row.slug)).not.toContain(tag!.slug);

    const publishedAt = new Date(now.getTime() + HOUR);
    await updateArticle(db, draft.id, draft.version, story("مسودة بوسم جديد", editor.userId!, { tagNames: [tagName] }), editor, { action: "publish" }, { now: publishedAt });
    const page = await readTagPage(db, tag!.slug, null, publishedAt);
    expect(page).toMatchObject({ kind: "tag", storyCount: { count: 1, more: false }, tag: { slug: tag!.slug } });
    expect(await readTagFeedSource(db, tag!.slug, publishedAt)).toMatchObject({ kind: "feed" });
    expect((await listTagSitemapRows(db, publishedAt)).map((row) => row.slug)).toContain(tag!.slug);
  });
});

describe("tag suggestions", () => {
  it("offer a writer only tags on stories they may read, counted over those stories; editors get every tag", async () => {
    await createArticle(db, story("خبر منشور بوسم", editor.userId!, { tagNames: ["ملف منشور", "ملف مشترك"] }), editor, { action: "publish" }, { now });
    await createArticle(db, story("خبر مجدول بوسم", editor.userId!, { tagNames: ["ملف مجدول سري"] }), editor, { action: "schedule", at: new Date(now.getTime() + HOUR) }, { now });
    await createArticle(db, story("مسودة ب بوسم", writerB.userId!, { tagNames: ["ملف مسودة ب السري", "ملف مشترك"] }), writerB, { action: "save" }, { now });
    await createArticle(db, story("مسودة أ بوسم", writerA.userId!, { tagNames: ["ملف مسودة أ"] }), writerA, { action: "save" }, { now });

    const forWriter = await suggestTags(db, writerA, "ملف", { now, limit: 20 });
    expect(forWriter.map((tag) => tag.name).sort()).toEqual(["ملف مسودة أ", "ملف مشترك", "ملف منشور"].sort());
    // The shared tag is on the public story and on B's draft: the writer counts only the one they see.
    expect(forWriter.find((tag) => tag.name === "ملف مشترك")?.storyCount).toBe(1);
    expect(await suggestTags(db, writerA, "السري", { now })).toEqual([]);

    const forEditor = await suggestTags(db, editor, "ملف", { now, limit: 20 });
    expect(forEditor.map((tag) => tag.name).sort()).toEqual(["ملف مجدول سري", "ملف مسودة أ", "ملف مسودة ب السري", "ملف مشترك", "ملف منشور"].sort());
    expect(forEditor.find((tag) => tag.name === "ملف مشترك")?.storyCount).toBe(2);
  });
});
