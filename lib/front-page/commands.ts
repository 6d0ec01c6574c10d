import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { frontPageRevisions, sections, type FrontPageLayout } from "@/db/schema";
import { isListedStatus, type Viewer } from "@/lib/articles/visibility";
import { can } from "@/lib/auth/permissions";
import { revalidateCacheTags } from "@/lib/cache/revalidate";
import { cacheTags } from "@/lib/cache/tags";
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "@/lib/errors";
import { parseFrontPageInput, slotsOf, storyIdsOf, withoutStory } from "@/lib/front-page/layout";
import { getFrontPageRevision, listSlotStories, readCurrentFrontPage } from "@/lib/front-page/queries";

// Every change to the front page is a new revision, written under one advisory lock so a save, a
// restore and an unpublish that takes a story off the page never interleave; the version an
// editor loaded must still be the newest, as with stories.
const FRONT_PAGE_LOCK_KEY = 7_411_013;

const CONFLICT_MESSAGE = "عدّل محرر آخر الواجهة بعد أن فتحتها. ترتيبك ما زال في النموذج: راجع النسخة الأحدث قبل الحفظ مجدداً.";

async function lockFrontPage(tx: Executor) {
  await tx.execute(sql`select pg_advisory_xact_lock(${FRONT_PAGE_LOCK_KEY})`);
  return readCurrentFrontPage(tx);
}

/** Every placed story must be published or scheduled; a section in the order must exist. */
async function assertPlaceable(tx: Executor, layout: FrontPageLayout) {
  const stories = new Map((await listSlotStories(tx, storyIdsOf(layout))).map((story) => [story.id, story]));
  const errors: Record<string, string[]> = {};
  const check = (articleId: number, path: string) => {
    const story = stories.get(articleId);
    if (!story) (errors[`${path}.articleId`] ??= []).push("لا يوجد خبر بهذا الرقم");
    else if (!isListedStatus(story.status)) (errors[`${path}.articleId`] ??= []).push("هذا الخبر غير منشور ولا مجدول: انشره أولاً");
  };
  if (layout.lead) check(layout.lead.articleId, "lead");
  layout.top.forEach((slot, index) => check(slot.articleId, `top.${index}`));
  layout.featured?.slots.forEach((slot, index) => check(slot.articleId, `featured.slots.${index}`));
  if (layout.sectionOrder.length) {
    const known = await existingSectionIds(tx);
    if (layout.sectionOrder.some((id) => !known.has(id))) errors.sectionOrder = ["قسم غير موجود في الترتيب"];
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

async function existingSectionIds(tx: Executor): Promise<Set<number>> {
  return new Set((await tx.select({ id: sections.id }).from(sections)).map((row) => row.id));
}

async function writeRevision(tx: Executor, version: number, layout: FrontPageLayout, savedBy: number | null, note: string, now: Date) {
  await tx.insert(frontPageRevisions).values({ version, layout, savedBy, note, savedAt: now });
}

function assertMayCurate(actor: Viewer) {
  if (!can(actor, "curateFrontPage")) throw new ForbiddenError("ترتيب الواجهة من صلاحيات المحرر");
}

/** Saves an arrangement from the admin form (dates as wall-clock time in `timeZone`); returns the new version. */
export async function saveFrontPage(
  db: Database,
  options: { expectedVersion: number; input: unknown; actor: Viewer; timeZone: string; now?: Date },
): Promise<{ version: number }> {
  assertMayCurate(options.actor);
  const layout = parseFrontPageInput(options.input, options.timeZone);
  const now = options.now ?? new Date();
  const version = await db.transaction(async (tx) => {
    const current = await lockFrontPage(tx);
    if (current.version !== options.expectedVersion) throw new VersionConflictError(current.version, CONFLICT_MESSAGE);
    await assertPlaceable(tx, layout);
    await writeRevision(tx, current.version + 1, layout, options.actor.userId, "save", now);
    return current.version + 1;
  });
  revalidateCacheTags([cacheTags.home]);
  return { version };
}

/**
 * Makes an earlier arrangement the current one again, as a new revision. Stories that have since
 * stopped being published or scheduled are left out (and counted), never put back on the page.
 */
export async function restoreFrontPageRevision(
  db: Database,
  options: { revisionId: number; expectedVersion: number; actor: Viewer; now?: Date },
): Promise<{ version: number; dropped: number }> {
  assertMayCurate(options.actor);
  const now = options.now ?? new Date();
  const result = await db.transaction(async (tx) => {
    const current = await lockFrontPage(tx);
    if (current.version !== options.expectedVersion) throw new VersionConflictError(current.version, CONFLICT_MESSAGE);
    const revision = await getFrontPageRevision(tx, options.revisionId);
    if (!revision) throw new NotFoundError("النسخة غير موجودة");
    const stories = await listSlotStories(tx, storyIdsOf(revision.layout));
    const gone = storyIdsOf(revision.layout).filter((id) => !stories.some((story) => story.id === id && isListedStatus(story.status)));
    const layout = gone.reduce(withoutStory, revision.layout);
    const known = await existingSectionIds(tx);
    layout.sectionOrder = layout.sectionOrder.filter((id) => known.has(id));
    await writeRevision(tx, current.version + 1, layout, options.actor.userId, `restore:${revision.version}`, now);
    return { version: current.version + 1, dropped: gone.length };
  });
  revalidateCacheTags([cacheTags.home]);
  return result;
}

/**
 * Takes a story off every front-page slot, inside the transaction that stops it being public
 * (unpublish, or a story sent back to draft), with a revision that says so. The home page's cache is
 * expired by that save already. Returns whether the front page changed.
 */
export async function dropStoryFromFrontPage(tx: Executor, articleId: number, savedBy: number | null, now: Date): Promise<boolean> {
  // Checked before taking the lock: most unpublished stories were never on the front page.
  const before = await readCurrentFrontPage(tx);
  if (!slotsOf(before.layout).some((slot) => slot.articleId === articleId)) return false;
  const current = await lockFrontPage(tx);
  if (!slotsOf(current.layout).some((slot) => slot.articleId === articleId)) return false;
  await writeRevision(tx, current.version + 1, withoutStory(current.layout, articleId), savedBy, `unpublished:${articleId}`, now);
  return true;
}
