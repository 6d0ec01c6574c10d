import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { articles, liveEntries, liveEntryRevisions, media, type Article, type LiveEntry, type LiveEntrySnapshot } from "@/db/schema";
import type { Actor } from "@/lib/articles/commands";
import { ownStories } from "@/lib/articles/visibility";
import { can } from "@/lib/auth/permissions";
import { revalidateCacheTags } from "@/lib/cache/revalidate";
import { cacheTags } from "@/lib/cache/tags";
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError, fieldErrorsFromIssues } from "@/lib/errors";
import { liveEntryInputSchema, type LiveEntryDraft } from "@/lib/live/entries";
import { LIVE_CHANNEL } from "@/lib/live/announcements";

// Writing a live coverage's entries. Each write is one transaction that also writes a revision and
// NOTIFYs LIVE_CHANNEL (delivered on commit, to every instance: lib/live/announcements), then
// expires the story's cached page at the origin and the edge.

const ENTRY_CONFLICT = "عدّل شخص آخر هذا التحديث بعد أن فتحته. نصك ما زال في النموذج: راجع النسخة الأحدث قبل الحفظ مجدداً.";

function parseEntry(input: unknown): LiveEntryDraft {
  const parsed = liveEntryInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromIssues(parsed.error.issues));
  return parsed.data;
}

/**
 * Editors post to any coverage; a writer (or a writer's key) to the stories they are an author of
 * (or that the key created), published or not: live coverage is written while it is public. Anyone
 * else learns nothing: the story answers as missing.
 */
async function assertMayPost(tx: Executor, article: Article, actor: Actor) {
  if (!can(actor, "postLiveEntries")) throw new ForbiddenError();
  if (can(actor, "editEveryStory")) return;
  const [own] = await tx.select({ id: articles.id }).from(articles).where(and(eq(articles.id, article.id), ownStories(actor)));
  if (!own) throw new NotFoundError("الخبر غير موجود");
}

async function lockStory(tx: Executor, articleId: number): Promise<Article> {
  const [article] = await tx.select().from(articles).where(eq(articles.id, articleId)).for("update");
  if (!article) throw new NotFoundError("الخبر غير موجود");
  return article;
}

async function assertImageExists(tx: Executor, imageMediaId: number | null) {
  if (imageMediaId === null) return;
  const [image] = await tx.select({ id: media.id }).from(media).where(eq(media.id, imageMediaId));
  if (!image) throw new ValidationError({ imageMediaId: ["الصورة غير موجودة"] });
}

const snapshotOf = (entry: LiveEntry): LiveEntrySnapshot => ({
  title: entry.title,
  body: entry.body,
  imageMediaId: entry.imageMediaId,
  pinned: entry.pinned,
  key: entry.key,
  deleted: entry.deletedAt !== null,
});

async function recordChange(tx: Executor, entry: LiveEntry, actor: Actor, note: string, now: Date) {
  await tx.insert(liveEntryRevisions).values({
    entryId: entry.id,
    version: entry.version,
    snapshot: snapshotOf(entry),
    savedBy: actor.userId,
    savedByApiKeyId: actor.apiKeyId ?? null,
    note,
    savedAt: now,
  });
  await tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${String(entry.articleId)})`);
}

/** Posts an entry to a running coverage; returns it. */
export async function postLiveEntry(db: Database, articleId: number, input: unknown, actor: Actor, now = new Date()): Promise<LiveEntry> {
  const draft = parseEntry(input);
  const entry = await db.transaction(async (tx) => {
    const article = await lockStory(tx, articleId);
    await assertMayPost(tx, article, actor);
    if (!article.live) throw new ValidationError({ live: ["الخبر ليس تغطية مباشرة: فعّل التغطية المباشرة أولاً"] });
    if (article.liveEndedAt) throw new ValidationError({ live: ["انتهت هذه التغطية المباشرة؛ لا تُضاف إليها تحديثات"] });
    await assertImageExists(tx, draft.imageMediaId);
    const [created] = await tx
      .insert(liveEntries)
      .values({ articleId, ...draft, postedAt: now, updatedAt: now, createdBy: actor.userId, createdByApiKeyId: actor.apiKeyId ?? null })
      .returning();
    await recordChange(tx, created!, actor, "create", now);
    return created!;
  });
  revalidateCacheTags([cacheTags.article(articleId)]);
  return entry;
}

/** Rewrites an entry (title, body, image, pinned, key) over the version the editor loaded. */
export async function updateLiveEntry(
  db: Database,
  entryId: number,
  expectedVersion: number,
  input: unknown,
  actor: Actor,
  now = new Date(),
): Promise<LiveEntry> {
  const draft = parseEntry(input);
  return changeEntry(db, entryId, expectedVersion, actor, async (tx) => {
    await assertImageExists(tx, draft.imageMediaId);
    return { values: draft, note: "edit" };
  }, now);
}

/** Takes an entry off the page; its revisions keep what it said. */
export async function deleteLiveEntry(db: Database, entryId: number, expectedVersion: number, actor: Actor, now = new Date()): Promise<LiveEntry> {
  return changeEntry(db, entryId, expectedVersion, actor, async () => ({ values: { deletedAt: now }, note: "delete" }), now);
}

async function changeEntry(
  db: Database,
  entryId: number,
  expectedVersion: number,
  actor: Actor,
  change: (tx: Executor) => Promise<{ values: Partial<LiveEntryDraft> & { deletedAt?: Date }; note: string }>,
  now: Date,
): Promise<LiveEntry> {
  const entry = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(liveEntries).where(eq(liveEntries.id, entryId)).for("update");
    if (!current || current.deletedAt) throw new NotFoundError("التحديث غير موجود");
    const article = await lockStory(tx, current.articleId);
    await assertMayPost(tx, article, actor);
    if (current.version !== expectedVersion) throw new VersionConflictError(current.version, ENTRY_CONFLICT);
    const { values, note } = await change(tx);
    const [updated] = await tx
      .update(liveEntries)
      .set({ ...values, version: current.version + 1, updatedAt: now })
      .where(eq(liveEntries.id, entryId))
      .returning();
    await recordChange(tx, updated!, actor, note, now);
    return updated!;
  });
  revalidateCacheTags([cacheTags.article(entry.articleId)]);
  return entry;
}
