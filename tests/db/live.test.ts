import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "@/db/client";
import { articles, liveEntryRevisions, sections, users } from "@/db/schema";
import { seedDemoContent } from "@/db/seed";
import { bodyFromPlainText } from "@/lib/articles/body-text";
import { createArticle, updateArticle, type Actor } from "@/lib/articles/commands";
import { NotFoundError, ValidationError, VersionConflictError } from "@/lib/errors";
import { LIVE_CHANNEL, currentLiveStatus } from "@/lib/live/announcements";
import { deleteLiveEntry, postLiveEntry, updateLiveEntry } from "@/lib/live/commands";
import { listLiveEntries, readLiveToken } from "@/lib/live/queries";
import { loadArticlePage } from "@/lib/pages/article";
import { listRunningLiveStories } from "@/lib/articles/queries";
import { openTestDatabase } from "./support";

let handle: DatabaseHandle;
let db: Database;
let close: () => Promise<void>;
let editor: Actor;
let writer: Actor;
let sectionId: number;

beforeAll(async () => {
  const opened = await openTestDatabase();
  handle = opened.handle;
  db = handle.db;
  close = opened.close;
  await seedDemoContent(db, { heroImages: false });
  const [someEditor] = await db.select().from(users).where(eq(users.role, "editor"));
  const [someWriter] = await db.select().from(users).where(eq(users.role, "writer"));
  editor = { userId: someEditor!.id, role: "editor" };
  writer = { userId: someWriter!.id, role: "writer" };
  sectionId = (await db.select({ id: sections.id }).from(sections).limit(1))[0]!.id;
});
afterAll(() => close());

const storyInput = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  dek: "موجز",
  body: bodyFromPlainText(`${title}\n\nفقرة.`),
  sectionId,
  authorIds: [editor.userId!],
  tagNames: [],
  ...extra,
});
const entry = (title: string, extra: Record<string, unknown> = {}) => ({ title, body: bodyFromPlainText(`نص ${title}`), ...extra });

async function liveStory(title: string) {
  return createArticle(db, storyInput(title, { live: true }), editor, { action: "publish" });
}

describe("live coverage", () => {
  it("posts only to a story marked live, and not after it ended", async () => {
    const plain = await createArticle(db, storyInput("خبر عادي"), editor, { action: "publish" });
    await expect(postLiveEntry(db, plain.id, entry("تحديث"), editor)).rejects.toMatchObject({ fieldErrors: { live: [expect.stringContaining("ليس تغطية مباشرة")] } });
    const live = await liveStory("تغطية تنتهي");
    await postLiveEntry(db, live.id, entry("أول تحديث"), editor);
    const ended = await updateArticle(db, live.id, live.version, storyInput("تغطية تنتهي", { live: true, liveEndedAt: new Date() }), editor, { action: "publish" });
    expect(ended.version).toBe(live.version + 1);
    await expect(postLiveEntry(db, live.id, entry("بعد النهاية"), editor)).rejects.toBeInstanceOf(ValidationError);
    const page = await loadArticlePage(db, live.id, new Date());
    expect(page?.live).toMatchObject({ state: "ended", entries: [{ title: "أول تحديث" }] });
    expect(page?.live?.endedAt).not.toBeNull();
  });

  it("refuses an end in the future, or on a story that is not live", async () => {
    await expect(createArticle(db, storyInput("نهاية بلا بداية", { liveEndedAt: new Date() }), editor)).rejects.toMatchObject({
      fieldErrors: { liveEndedAt: [expect.any(String)] },
    });
    await expect(
      createArticle(db, storyInput("نهاية في المستقبل", { live: true, liveEndedAt: new Date(Date.now() + 3_600_000) }), editor),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("lists pinned entries first, then newest first; edits and deletes keep revisions and check the version", async () => {
    const live = await liveStory("تغطية الانتخابات");
    const t0 = Date.now();
    const first = await postLiveEntry(db, live.id, entry("الأول"), editor, new Date(t0));
    const second = await postLiveEntry(db, live.id, entry("الثاني", { key: true }), editor, new Date(t0 + 1000));
    const third = await postLiveEntry(db, live.id, entry("الثالث"), editor, new Date(t0 + 2000));
    expect((await listLiveEntries(db, live.id)).map((e) => e.title)).toEqual(["الثالث", "الثاني", "الأول"]);

    await updateLiveEntry(db, first.id, first.version, entry("الأول مثبتاً", { pinned: true }), editor);
    expect((await listLiveEntries(db, live.id)).map((e) => e.title)).toEqual(["الأول مثبتاً", "الثالث", "الثاني"]);
    await expect(updateLiveEntry(db, first.id, first.version, entry("نسخة قديمة"), editor)).rejects.toBeInstanceOf(VersionConflictError);

    await deleteLiveEntry(db, third.id, third.version, editor);
    expect((await listLiveEntries(db, live.id)).map((e) => e.id)).toEqual([first.id, second.id]);
    const revisions = await db.select().from(liveEntryRevisions).where(eq(liveEntryRevisions.entryId, third.id));
    expect(revisions.map((r) => [r.version, r.note, r.snapshot.deleted])).toEqual([
      [1, "create", false],
      [2, "delete", true],
    ]);
    await expect(deleteLiveEntry(db, third.id, 2, editor)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lets a writer post only to a story they are an author of", async () => {
    const editors = await liveStory("تغطية المحرر");
    await expect(postLiveEntry(db, editors.id, entry("محاولة"), writer)).rejects.toBeInstanceOf(NotFoundError);
    const own = await createArticle(db, storyInput("تغطية الكاتبة", { live: true, authorIds: [writer.userId!] }), editor, { action: "publish" });
    await expect(postLiveEntry(db, own.id, entry("من الكاتبة"), writer)).resolves.toMatchObject({ title: "من الكاتبة" });
  });

  it("rejects bad entries with field errors", async () => {
    const live = await liveStory("تغطية المدخلات");
    await expect(postLiveEntry(db, live.id, { title: "  ", body: bodyFromPlainText("x") }, editor)).rejects.toMatchObject({ fieldErrors: { title: [expect.any(String)] } });
    await expect(postLiveEntry(db, live.id, { title: "ت", body: { type: "doc", content: [{ type: "script" }] } }, editor)).rejects.toBeInstanceOf(ValidationError);
    await expect(postLiveEntry(db, live.id, entry("صورة", { imageMediaId: 999_999 }), editor)).rejects.toMatchObject({ fieldErrors: { imageMediaId: [expect.any(String)] } });
    expect(await listLiveEntries(db, live.id)).toEqual([]);
  });

  it("announces every change on LIVE_CHANNEL, and the token moves with what readers see", async () => {
    const live = await liveStory("تغطية الإشعارات");
    const heard: string[] = [];
    const stop = await handle.listen(LIVE_CHANNEL, (payload) => heard.push(payload));
    const before = await readLiveToken(db, live.id, new Date());
    expect(await currentLiveStatus(live.id)).toEqual(before);
    const posted = await postLiveEntry(db, live.id, entry("إشعار"), editor);
    await expect.poll(() => heard).toContain(String(live.id));
    const after = await readLiveToken(db, live.id, new Date());
    expect(after?.token).not.toBe(before?.token);
    // The instance's remembered token was dropped by the announcement.
    await expect.poll(async () => (await currentLiveStatus(live.id))?.token).toBe(after?.token);
    await deleteLiveEntry(db, posted.id, posted.version, editor);
    expect((await readLiveToken(db, live.id, new Date()))?.token).not.toBe(after?.token);
    await stop();
    // A draft has no public token.
    const draft = await createArticle(db, storyInput("مسودة مباشرة", { live: true }), editor);
    expect(await readLiveToken(db, draft.id, new Date())).toBeNull();
  });

  it("puts running coverages in the ticker's list and marks their cards", async () => {
    const live = await liveStory("تغطية جارية للشريط");
    const running = await listRunningLiveStories(db, { now: new Date(), limit: 10 });
    expect(running.find((story) => story.id === live.id)?.isLive).toBe(true);
    const [row] = await db.select({ live: articles.live, startedAt: articles.liveStartedAt }).from(articles).where(eq(articles.id, live.id));
    expect(row?.live).toBe(true);
    expect(row?.startedAt).not.toBeNull();
  });
});
