import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { sections, users } from "@/db/schema";
import { seedDemoContent } from "@/db/seed";
import { bodyFromPlainText } from "@/lib/articles/body-text";
import { createArticle, updateArticle, type Actor } from "@/lib/articles/commands";
import { getArticleById } from "@/lib/articles/queries";
import { ForbiddenError, ValidationError, VersionConflictError } from "@/lib/errors";
import { dropStoryFromFrontPage, restoreFrontPageRevision, saveFrontPage } from "@/lib/front-page/commands";
import { listFrontPageRevisions, readCurrentFrontPage } from "@/lib/front-page/queries";
import { readHomePage } from "@/lib/pages/listings";
import { openTestDatabase } from "./support";

let db: Database;
let close: () => Promise<void>;
let editor: Actor;
let writer: Actor;
let sectionIds: number[];
const ZONE = "UTC";

beforeAll(async () => {
  const opened = await openTestDatabase();
  db = opened.handle.db;
  close = opened.close;
  await seedDemoContent(db, { heroImages: false });
  const [someEditor] = await db.select().from(users).where(eq(users.role, "editor"));
  const [someWriter] = await db.select().from(users).where(eq(users.role, "writer"));
  editor = { userId: someEditor!.id, role: "editor" };
  writer = { userId: someWriter!.id, role: "writer" };
  sectionIds = (await db.select({ id: sections.id }).from(sections).orderBy(sections.position)).map((row) => row.id);
});
afterAll(() => close());

async function story(title: string, action: "publish" | "save" = "publish", at = new Date()) {
  const input = { title, dek: "موجز", body: bodyFromPlainText(`${title}\n\nفقرة.`), sectionId: sectionIds[0]!, authorIds: [editor.userId!], tagNames: [] };
  return createArticle(db, input, editor, { action }, { now: at });
}

const save = (expectedVersion: number, input: unknown, actor: Actor = editor, now?: Date) =>
  saveFrontPage(db, { expectedVersion, input, actor, timeZone: ZONE, now });

describe("front page", () => {
  it("starts empty, and the home page then leads with the newest story", async () => {
    expect((await readCurrentFrontPage(db)).version).toBe(0);
    const fresh = await story("أحدث خبر في الموقع");
    const home = await readHomePage(db, new Date());
    expect(home.lead?.id).toBe(fresh.id);
    expect(home.top).toHaveLength(4);
  });

  it("shows the lead and top stories editors place, each once, and the section blocks in their order", async () => {
    const lead = await story("خبر رئيسي يختاره المحرر", "publish", new Date(Date.now() - 3 * 86_400_000));
    const top = await Promise.all(["بارز أول", "بارز ثان", "بارز ثالث"].map((title) => story(title, "publish", new Date(Date.now() - 2 * 86_400_000))));
    const { version: current } = await readCurrentFrontPage(db);
    const { version } = await save(current, {
      lead: { articleId: lead.id },
      top: top.map((s) => ({ articleId: s.id })),
      sectionOrder: [sectionIds[2], sectionIds[0]],
    });
    expect(version).toBe(current + 1);
    const home = await readHomePage(db, new Date());
    expect(home.lead?.id).toBe(lead.id);
    expect(home.top.map((s) => s.id)).toEqual(top.map((s) => s.id));
    const shown = [home.lead!, ...home.top, ...home.latest].map((s) => s.id);
    expect(new Set(shown).size).toBe(shown.length);
    const [firstBlock] = home.sectionBlocks;
    const [thirdSection] = await db.select().from(sections).where(eq(sections.id, sectionIds[2]!));
    expect(firstBlock?.section.slug).toBe(thirdSection!.slug);
  });

  it("falls back to the latest stories once a slot's schedule ends", async () => {
    const placed = await story("خبر بارز لساعة واحدة", "publish", new Date(Date.now() - 5 * 86_400_000));
    const { version } = await readCurrentFrontPage(db);
    const until = new Date(Date.now() + 3_600_000);
    await save(version, { lead: { articleId: placed.id, from: "", until: until.toISOString().slice(0, 16) } });
    expect((await readHomePage(db, new Date())).lead?.id).toBe(placed.id);
    const later = await readHomePage(db, new Date(until.getTime() + 60_000));
    expect(later.lead?.id).not.toBe(placed.id);
    expect([...later.top, ...later.latest].map((s) => s.id)).not.toContain(placed.id);
  });

  it("refuses a stale version, a draft, a writer, and bad input, saving nothing", async () => {
    const before = await readCurrentFrontPage(db);
    const draft = await story("مسودة لا تصلح للواجهة", "save");
    await expect(save(before.version - 1, { top: [] })).rejects.toBeInstanceOf(VersionConflictError);
    await expect(save(before.version, { lead: { articleId: draft.id } })).rejects.toMatchObject({
      fieldErrors: { "lead.articleId": ["هذا الخبر غير منشور ولا مجدول: انشره أولاً"] },
    });
    await expect(save(before.version, { top: [{ articleId: 999_999 }] })).rejects.toMatchObject({ fieldErrors: { "top.0.articleId": ["لا يوجد خبر بهذا الرقم"] } });
    await expect(save(before.version, { sectionOrder: [999_999] })).rejects.toBeInstanceOf(ValidationError);
    await expect(save(before.version, { top: [] }, writer)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(save(before.version, "not a layout")).rejects.toBeInstanceOf(ValidationError);
    expect((await readCurrentFrontPage(db)).version).toBe(before.version);
  });

  it("takes an unpublished story off every slot, with a revision that says so", async () => {
    const placed = await story("خبر سيُلغى نشره");
    const { version } = await readCurrentFrontPage(db);
    await save(version, { lead: { articleId: placed.id }, featured: { label: "ملف خاص", slots: [{ articleId: placed.id }] } });
    expect((await readHomePage(db, new Date())).featured?.stories.map((s) => s.id)).toEqual([placed.id]);
    const article = await getArticleById(db, placed.id);
    await updateArticle(
      db,
      placed.id,
      article!.version,
      { title: article!.title, dek: article!.dek, body: article!.body, sectionId: article!.sectionId, authorIds: [editor.userId!], tagNames: [] },
      editor,
      { action: "unpublish" },
    );
    const after = await readCurrentFrontPage(db);
    expect(after.version).toBe(version + 2);
    expect(after.layout.lead).toBeNull();
    expect(after.layout.featured).toBeNull();
    const [newest] = await listFrontPageRevisions(db, 1);
    expect(newest?.note).toBe(`unpublished:${placed.id}`);
    const home = await readHomePage(db, new Date());
    expect([home.lead, ...home.top, ...home.latest].map((s) => s?.id)).not.toContain(placed.id);
    expect(home.featured).toBeNull();
    // A story never on the front page changes nothing.
    expect(await db.transaction((tx) => dropStoryFromFrontPage(tx, 999_999, null, new Date()))).toBe(false);
  });

  it("restores an earlier arrangement as a new revision, without stories no longer published", async () => {
    const revisions = await listFrontPageRevisions(db, 50);
    const withUnpublished = revisions.find((revision) => revision.layout.featured !== null)!;
    const { version } = await readCurrentFrontPage(db);
    const result = await restoreFrontPageRevision(db, { revisionId: withUnpublished.id, expectedVersion: version, actor: editor });
    expect(result).toEqual({ version: version + 1, dropped: 1 });
    const current = await readCurrentFrontPage(db);
    expect(current.layout.featured).toBeNull();
    await expect(restoreFrontPageRevision(db, { revisionId: withUnpublished.id, expectedVersion: version, actor: editor })).rejects.toBeInstanceOf(
      VersionConflictError,
    );
  });
});
