import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows, type Database, type Executor } from "@/db/client";
import {
  articleAuthors,
  articleLinks,
  articleRevisions,
  articles,
  articleTags,
  searchLexicon,
  sections,
  type Article,
  type ArticleSnapshot,
  type ArticleStatus,
  type UserRole,
} from "@/db/schema";
import { articleDraftSchema, type ArticleDraftInput, type ArticleDraft, type StatusIntent } from "@/lib/articles/schemas";
import { articleCacheRefs } from "@/lib/articles/cache-refs";
import { isListedStatus, isPublicAt, storiesLinkableBy, type Viewer } from "@/lib/articles/visibility";
import { can } from "@/lib/auth/permissions";
import { lexiconTerms, searchVectorSql, tagSearchNames, titleSearchText } from "@/lib/articles/search-document";
import { revalidateCacheTags } from "@/lib/cache/revalidate";
import { tagsForArticleChange } from "@/lib/cache/tags";
import { dropStoryFromFrontPage } from "@/lib/front-page/commands";
import { LIVE_CHANNEL } from "@/lib/live/announcements";
import { liveStateOf } from "@/lib/live/entries";
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError, fieldErrorsFromIssues } from "@/lib/errors";
import { slugify } from "@/lib/i18n/slug";
import { findOrCreateTags } from "@/lib/tags/resolve";
import { listExistingUserIds } from "@/lib/users/queries";
import { claimWireAttribution } from "@/lib/wire/attribution";

/** Who is writing: a signed-in user, or an API key (userId null, apiKeyId set) acting with a role. */
export type Actor = Viewer;

/** The actor behind an API key: the key's role, and the key itself as the creator of what it writes. */
export const keyActor = (key: { keyId: number; role: UserRole }): Actor => ({ userId: null, role: key.role, apiKeyId: key.keyId });

export type SaveResult = { id: number; slug: string; version: number; status: ArticleStatus };

type SaveOptions = {
  /** The clock; the seed back-dates stories with it, tests move it. */
  now?: Date;
  note?: string;
  /** A new story drafted from this wire-desk item: it takes the outlet's attribution (lib/wire/attribution). */
  wire?: { itemId: number; sourceId?: number | null };
};

export function parseArticleDraft(input: unknown): ArticleDraft {
  const parsed = articleDraftSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromIssues(parsed.error.issues));
  return parsed.data;
}

export async function createArticle(
  db: Database,
  input: ArticleDraftInput,
  actor: Actor,
  intent: StatusIntent = { action: "save" },
  options: SaveOptions = {},
): Promise<SaveResult> {
  const draft = parseArticleDraft(input);
  return saveArticle(db, { kind: "create" }, draft, actor, intent, options);
}

export async function updateArticle(
  db: Database,
  articleId: number,
  expectedVersion: number,
  input: ArticleDraftInput,
  actor: Actor,
  intent: StatusIntent = { action: "save" },
  options: SaveOptions = {},
): Promise<SaveResult> {
  const draft = parseArticleDraft(input);
  return saveArticle(db, { kind: "update", articleId, expectedVersion }, draft, actor, intent, options);
}

type Target = { kind: "create" } | { kind: "update"; articleId: number; expectedVersion: number };

async function saveArticle(
  db: Database,
  target: Target,
  draft: ArticleDraft,
  actor: Actor,
  intent: StatusIntent,
  options: SaveOptions,
): Promise<SaveResult> {
  const now = options.now ?? new Date();
  if (intent.action !== "save" && !can(actor, "publish")) {
    throw new ForbiddenError("النشر والجدولة وإلغاء النشر من صلاحيات المحرر");
  }
  if (draft.liveEndedAt && !draft.live) {
    throw new ValidationError({ liveEndedAt: ["لا تنتهي تغطية مباشرة لم تبدأ: الخبر ليس تغطية مباشرة"] });
  }
  if (draft.liveEndedAt && draft.liveEndedAt.getTime() > now.getTime() + 60_000) {
    throw new ValidationError({ liveEndedAt: ["وقت انتهاء التغطية لا يكون في المستقبل"] });
  }
  const touched = { articleIds: [] as number[], sectionSlugs: [] as string[], tagSlugs: [] as string[], authorSlugs: [] as string[] };

  const result = await db.transaction(async (tx) => {
    const previous = target.kind === "update" ? await lockArticleForUpdate(tx, target.articleId) : undefined;
    if (previous && target.kind === "update" && previous.version !== target.expectedVersion) {
      throw new VersionConflictError(previous.version);
    }
    if (previous) await assertMayEdit(tx, previous, actor);
    // Read before the write: a story that moves must also leave its old section, tag and author pages.
    const previousRefs = previous ? await articleCacheRefs(tx, [previous.id]) : undefined;
    if (!previous && !can(actor, "writeForOthers") && actor.userId !== null && !draft.authorIds.includes(actor.userId)) {
      throw new ValidationError({ authorIds: ["يجب أن تكون أحد كتّاب الخبر الذي تنشئه"] });
    }
    await assertReferencesExist(tx, draft, previous?.id, actor, now);
    // A wire story's source is the outlet's, set when it was drafted and never by a form or API body.
    const attribution =
      !previous && options.wire
        ? await claimWireAttribution(tx, options.wire, actor, now)
        : previous?.wireSourceId != null
          ? { sourceName: previous.sourceName, sourceUrl: previous.sourceUrl }
          : null;

    const status = nextStatus(previous, intent, now);
    const slug = slugify(draft.slug || draft.title, 80) || "خبر";
    const tagRows = await findOrCreateTags(tx, draft.tagNames);
    const wasPublic = previous ? isPublicAt(previous, now) : false;
    const isPublic = isPublicAt(status, now);
    const readerVisibleChange =
      !previous ||
      previous.title !== draft.title ||
      previous.dek !== draft.dek ||
      previous.correction !== draft.correction ||
      JSON.stringify(previous.body) !== JSON.stringify(draft.body);

    const values = {
      slug,
      title: draft.title,
      dek: draft.dek,
      body: draft.body,
      status: status.status,
      scheduledAt: status.scheduledAt,
      firstPublishedAt: status.firstPublishedAt,
      unpublishedAt: status.unpublishedAt,
      isBreaking: draft.isBreaking,
      live: draft.live,
      // The coverage starts when a story is first marked live and keeps that start through edits.
      liveStartedAt: draft.live ? (previous?.live && previous.liveStartedAt ? previous.liveStartedAt : now) : null,
      liveEndedAt: draft.live ? draft.liveEndedAt : null,
      sourceName: draft.sourceName,
      sourceUrl: draft.sourceUrl,
      ...attribution,
      sectionId: draft.sectionId,
      heroMediaId: draft.heroMediaId,
      correction: draft.correction,
      correctedAt:
        draft.correction && draft.correction !== previous?.correction ? now : draft.correction ? previous?.correctedAt : null,
      titleSearch: titleSearchText(draft.title),
      searchVector: searchVectorSql({ ...draft, tagNames: tagSearchNames(tagRows) }),
      savedAt: now,
      // "Updated" is what a reader sees change: set it when visible text changes on a public story,
      // and on first publication, never for metadata-only saves.
      updatedAt:
        !previous || (isPublic && !wasPublic)
          ? (status.firstPublishedAt ?? now)
          : wasPublic && isPublic && readerVisibleChange
            ? now
            : previous.updatedAt,
    };

    let article: Article;
    if (previous) {
      const [row] = await tx
        .update(articles)
        .set({ ...values, version: previous.version + 1 })
        .where(eq(articles.id, previous.id))
        .returning();
      article = row!;
    } else {
      const [row] = await tx
        .insert(articles)
        .values({ ...values, createdBy: actor.userId, createdByApiKeyId: actor.apiKeyId ?? null, createdAt: now })
        .returning();
      article = row!;
    }

    const listing = { articlePublishedAt: article.firstPublishedAt, articleListed: isListedStatus(article.status) };
    await tx.delete(articleTags).where(eq(articleTags.articleId, article.id));
    if (tagRows.length) {
      await tx
        .insert(articleTags)
        .values(tagRows.map((tag, position) => ({ articleId: article.id, tagId: tag.id, position, ...listing })));
    }
    await tx.delete(articleAuthors).where(eq(articleAuthors.articleId, article.id));
    await tx
      .insert(articleAuthors)
      .values(draft.authorIds.map((userId, position) => ({ articleId: article.id, userId, position, ...listing })));
    await tx.delete(articleLinks).where(eq(articleLinks.articleId, article.id));
    if (draft.readAlsoIds.length) {
      await tx.insert(articleLinks).values(
        draft.readAlsoIds.map((linkedArticleId, position) => ({ articleId: article.id, linkedArticleId, position })),
      );
    }
    const terms = lexiconTerms([draft.title, ...tagSearchNames(tagRows)]);
    if (terms.length) {
      await tx
        .insert(searchLexicon)
        .values(terms.map((term) => ({ term })))
        .onConflictDoNothing();
    }
    await tx.insert(articleRevisions).values({
      articleId: article.id,
      version: article.version,
      snapshot: snapshotOf(article, tagRows.map((t) => t.name), draft.authorIds, draft.readAlsoIds),
      savedBy: actor.userId,
      note: options.note ?? intent.action,
      savedAt: now,
    });

    // Open pages of the coverage learn that it started or ended (lib/live/announcements).
    if (liveStateOf(article) !== (previous ? liveStateOf(previous) : null)) {
      await tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${String(article.id)})`);
    }

    // A story that stops being published or scheduled leaves the front page in the same transaction.
    if (previous && isListedStatus(previous.status) && !isListedStatus(article.status)) {
      await dropStoryFromFrontPage(tx, article.id, actor.userId, now);
    }

    const currentRefs = await articleCacheRefs(tx, [article.id]);
    for (const refs of [previousRefs, currentRefs]) {
      if (!refs) continue;
      touched.sectionSlugs.push(...refs.sectionSlugs);
      touched.tagSlugs.push(...refs.tagSlugs);
      touched.authorSlugs.push(...refs.authorSlugs);
    }
    // Stories that list this one under «اقرأ أيضاً» show its title too.
    const linkedFrom = await tx
      .select({ id: articleLinks.articleId })
      .from(articleLinks)
      .where(eq(articleLinks.linkedArticleId, article.id));
    touched.articleIds.push(...linkedFrom.map((row) => row.id));
    return { id: article.id, slug: article.slug, version: article.version, status: article.status };
  });

  revalidateCacheTags(tagsForArticleChange({ ...touched, articleIds: [result.id, ...draft.readAlsoIds, ...touched.articleIds] }));
  return result;
}

function nextStatus(previous: Article | undefined, intent: StatusIntent, now: Date) {
  const current = {
    status: previous?.status ?? ("draft" as ArticleStatus),
    scheduledAt: previous?.scheduledAt ?? null,
    firstPublishedAt: previous?.firstPublishedAt ?? null,
    unpublishedAt: previous?.unpublishedAt ?? null,
  };
  switch (intent.action) {
    case "save":
      return current;
    case "publish": {
      // A story published before keeps its first publication time; a pending schedule is brought
      // forward. A withdrawn story keeps its time only if that time has passed: one scheduled,
      // withdrawn before its time and then published would otherwise be "published" yet hidden
      // from readers until the old schedule.
      const alreadyPublic = previous && isPublicAt(previous, now);
      const withdrawnAfterPublication =
        previous?.status === "unpublished" && previous.firstPublishedAt !== null && previous.firstPublishedAt.getTime() <= now.getTime();
      return {
        status: "published" as const,
        scheduledAt: null,
        firstPublishedAt: alreadyPublic || withdrawnAfterPublication ? previous!.firstPublishedAt : now,
        unpublishedAt: null,
      };
    }
    case "schedule": {
      if (previous && isPublicAt(previous, now)) {
        throw new ValidationError({ scheduledAt: ["الخبر منشور بالفعل؛ ألغِ نشره أولاً لإعادة جدولته"] });
      }
      if (intent.at.getTime() <= now.getTime()) {
        throw new ValidationError({ scheduledAt: ["موعد النشر يجب أن يكون في المستقبل"] });
      }
      return { status: "scheduled" as const, scheduledAt: intent.at, firstPublishedAt: intent.at, unpublishedAt: null };
    }
    case "unpublish":
      if (!previous || !isListedStatus(previous.status)) {
        throw new ValidationError({ status: ["الخبر غير منشور"] });
      }
      return { ...current, status: "unpublished" as const, scheduledAt: null, unpublishedAt: now };
  }
}

async function lockArticleForUpdate(tx: Executor, articleId: number): Promise<Article> {
  // NO KEY UPDATE, not UPDATE: saves of one story still queue behind each other, but a save that
  // links to this story (its foreign key takes KEY SHARE here) is not blocked. With FOR UPDATE, two
  // stories saved at once that link to each other deadlocked (50 of 2,332 saves in the soak).
  const [row] = await tx.select().from(articles).where(eq(articles.id, articleId)).for("no key update");
  if (!row) throw new NotFoundError("الخبر غير موجود");
  return row;
}

/** Writers edit only their own stories, and only while those are drafts. */
async function assertMayEdit(tx: Executor, article: Article, actor: Actor) {
  if (can(actor, "editEveryStory")) return;
  if (article.status !== "draft") throw new ForbiddenError("لا يعدّل الكاتب خبراً بعد نشره أو جدولته");
  if (actor.userId === null) {
    // A writer key edits the drafts it created, like a writer edits their own.
    if (actor.apiKeyId != null && article.createdByApiKeyId === actor.apiKeyId) return;
    throw new ForbiddenError();
  }
  if (article.createdBy === actor.userId) return;
  const [authored] = await tx
    .select({ id: articleAuthors.userId })
    .from(articleAuthors)
    .where(and(eq(articleAuthors.articleId, article.id), eq(articleAuthors.userId, actor.userId)));
  if (!authored) throw new ForbiddenError("يعدّل الكاتب مسوداته فقط");
}

async function assertReferencesExist(tx: Executor, draft: ArticleDraft, selfId: number | undefined, actor: Actor, now: Date) {
  const errors: Record<string, string[]> = {};
  const [section] = await tx.select({ id: sections.id }).from(sections).where(eq(sections.id, draft.sectionId));
  if (!section) errors.sectionId = ["القسم غير موجود"];
  const authors = await listExistingUserIds(tx, draft.authorIds);
  if (authors.length !== draft.authorIds.length) errors.authorIds = ["أحد الكتّاب غير موجود"];
  if (selfId !== undefined && draft.readAlsoIds.includes(selfId)) {
    errors.readAlsoIds = ["لا يمكن ربط الخبر بنفسه"];
  } else if (draft.readAlsoIds.length) {
    // Links the story already has stay (an editor may have linked what a writer cannot see);
    // a new link must be one the actor may link, and a story they may not is simply "not found".
    const kept = selfId === undefined ? [] : await tx.select({ id: articleLinks.linkedArticleId }).from(articleLinks).where(eq(articleLinks.articleId, selfId));
    const added = draft.readAlsoIds.filter((id) => !kept.some((link) => link.id === id));
    const linkable = added.length
      ? await tx.select({ id: articles.id }).from(articles).where(and(inArray(articles.id, added), storiesLinkableBy(actor, now)))
      : [];
    if (linkable.length !== added.length) errors.readAlsoIds = ["أحد أخبار «اقرأ أيضاً» غير موجود"];
  }
  if (draft.heroMediaId !== null) {
    const [hero] = await queryRows<{ id: number }>(tx, sql`select id from media where id = ${draft.heroMediaId}`);
    if (!hero) errors.heroMediaId = ["الصورة غير موجودة"];
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

export function snapshotOf(article: Article, tagNames: string[], authorIds: number[], readAlsoIds: number[]): ArticleSnapshot {
  return {
    slug: article.slug,
    title: article.title,
    dek: article.dek,
    body: article.body,
    status: article.status,
    scheduledAt: article.scheduledAt?.toISOString() ?? null,
    isBreaking: article.isBreaking,
    sourceName: article.sourceName,
    sourceUrl: article.sourceUrl,
    sectionId: article.sectionId,
    heroMediaId: article.heroMediaId,
    correction: article.correction,
    live: article.live,
    liveEndedAt: article.liveEndedAt?.toISOString() ?? null,
    tagNames,
    authorIds,
    readAlsoIds,
  };
}
