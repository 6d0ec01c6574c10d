import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { articleRevisions, articles, media, users, type ArticleRevision } from "@/db/schema";
import { updateArticle, type Actor, type SaveResult } from "@/lib/articles/commands";
import { can } from "@/lib/auth/permissions";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { findCurrentTagNames } from "@/lib/tags/queries";
import { listExistingUserIds } from "@/lib/users/queries";

export type RevisionListItem = {
  id: number;
  version: number;
  note: string;
  savedAt: Date;
  savedByName: string | null;
};

export async function listRevisions(db: Executor, articleId: number): Promise<RevisionListItem[]> {
  return db
    .select({
      id: articleRevisions.id,
      version: articleRevisions.version,
      note: articleRevisions.note,
      savedAt: articleRevisions.savedAt,
      savedByName: users.displayName,
    })
    .from(articleRevisions)
    .leftJoin(users, eq(users.id, articleRevisions.savedBy))
    .where(eq(articleRevisions.articleId, articleId))
    .orderBy(desc(articleRevisions.version));
}

export async function getRevision(db: Executor, articleId: number, revisionId: number): Promise<ArticleRevision | undefined> {
  const [row] = await db
    .select()
    .from(articleRevisions)
    .where(and(eq(articleRevisions.articleId, articleId), eq(articleRevisions.id, revisionId)));
  return row;
}

/**
 * Restores a revision as a NEW revision: the snapshot's content goes through updateArticle (same
 * validation, locking and cache expiry as any save). The status is left as it is now: restoring
 * old words must not publish or unpublish a story. References deleted since are dropped.
 */
export async function restoreRevision(
  db: Database,
  articleId: number,
  revisionId: number,
  expectedVersion: number,
  actor: Actor,
): Promise<SaveResult> {
  if (!can(actor, "restore")) throw new ForbiddenError("استعادة النسخ من صلاحيات المحرر");
  const revision = await getRevision(db, articleId, revisionId);
  if (!revision) throw new NotFoundError("النسخة غير موجودة");
  const snap = revision.snapshot;
  const readAlsoIds = snap.readAlsoIds.length
    ? (await db.select({ id: articles.id }).from(articles).where(inArray(articles.id, snap.readAlsoIds))).map((r) => r.id)
    : [];
  const liveReadAlso = snap.readAlsoIds.filter((id) => id !== articleId && readAlsoIds.includes(id));
  const heroExists = snap.heroMediaId
    ? (await db.select({ id: media.id }).from(media).where(eq(media.id, snap.heroMediaId))).length > 0
    : false;
  const liveAuthors = await listExistingUserIds(db, snap.authorIds);
  return updateArticle(
    db,
    articleId,
    expectedVersion,
    {
      title: snap.title,
      slug: snap.slug,
      dek: snap.dek,
      body: snap.body,
      sectionId: snap.sectionId,
      authorIds: snap.authorIds.filter((id) => liveAuthors.includes(id)),
      tagNames: await findCurrentTagNames(db, snap.tagNames),
      readAlsoIds: liveReadAlso,
      sourceName: snap.sourceName,
      sourceUrl: snap.sourceUrl,
      isBreaking: snap.isBreaking,
      heroMediaId: heroExists ? snap.heroMediaId : null,
      correction: snap.correction,
      live: snap.live ?? false,
      liveEndedAt: snap.liveEndedAt ? new Date(snap.liveEndedAt) : null,
    },
    actor,
    { action: "save" },
    { note: `استعادة النسخة ${revision.version}` },
  );
}
