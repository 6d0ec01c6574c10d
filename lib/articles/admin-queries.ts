import "server-only";
import { and, asc, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import {
  articleAuthors,
  articleLinks,
  articleRevisions,
  articles,
  articleTags,
  media,
  sections,
  users,
  type Article,
  type ArticleStatus,
  type UserRole,
} from "@/db/schema";
import { likePattern } from "@/db/like";
import { ownedBy, publicArticleWhere, seesEveryStory, storiesLinkableBy, type Viewer } from "@/lib/articles/visibility";
import { decodeKeysetCursor, encodeKeysetCursor } from "@/lib/pagination/cursor";
import { normalizeArabic } from "@/lib/search/normalize";
import { loadStoryTags } from "@/lib/tags/queries";
import { loadStoryAuthors } from "@/lib/users/queries";

// Reads for the editors' dashboard. Writers only ever see stories they created or co-author.

export type AdminArticleFilters = {
  status?: ArticleStatus;
  sectionId?: number;
  tagId?: number;
  authorId?: number;
  breaking?: boolean;
  q?: string;
  /** Set for writers: only stories this user created or is an author of. */
  ownerId?: number;
  cursor?: string | null;
  limit: number;
};

export type AdminArticleRow = {
  id: number;
  slug: string;
  title: string;
  status: ArticleStatus;
  isBreaking: boolean;
  version: number;
  savedAt: Date;
  firstPublishedAt: Date | null;
  scheduledAt: Date | null;
  sectionName: string;
  authorNames: string[];
};

function filterConditions(filters: Omit<AdminArticleFilters, "cursor" | "limit" | "status">): SQL[] {
  const conditions: SQL[] = [];
  if (filters.ownerId !== undefined) conditions.push(ownedBy(filters.ownerId));
  if (filters.sectionId) conditions.push(eq(articles.sectionId, filters.sectionId));
  if (filters.breaking !== undefined) conditions.push(eq(articles.isBreaking, filters.breaking));
  if (filters.tagId) {
    conditions.push(
      sql`exists (select 1 from ${articleTags} where ${articleTags.articleId} = ${articles.id} and ${articleTags.tagId} = ${filters.tagId})`,
    );
  }
  if (filters.authorId) {
    conditions.push(
      sql`exists (select 1 from ${articleAuthors} where ${articleAuthors.articleId} = ${articles.id} and ${articleAuthors.userId} = ${filters.authorId})`,
    );
  }
  const q = normalizeArabic(filters.q ?? "").trim();
  if (q) conditions.push(sql`${articles.titleSearch} ilike ${likePattern(q)}`);
  return conditions;
}

export async function listAdminArticles(
  db: Executor,
  filters: AdminArticleFilters,
): Promise<{ rows: AdminArticleRow[]; nextCursor: string | null }> {
  const conditions = filterConditions(filters);
  if (filters.status) conditions.push(eq(articles.status, filters.status));
  // Keyset over (saved_at desc, id desc): the dashboard shows the most recently saved first.
  const position = decodeKeysetCursor(filters.cursor);
  if (position) {
    conditions.push(
      or(lt(articles.savedAt, position.at), and(eq(articles.savedAt, position.at), lt(articles.id, position.id)))!,
    );
  }
  const rows = await db
    .select({
      id: articles.id,
      slug: articles.slug,
      title: articles.title,
      status: articles.status,
      isBreaking: articles.isBreaking,
      version: articles.version,
      savedAt: articles.savedAt,
      firstPublishedAt: articles.firstPublishedAt,
      scheduledAt: articles.scheduledAt,
      sectionName: sections.name,
    })
    .from(articles)
    .innerJoin(sections, eq(sections.id, articles.sectionId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(articles.savedAt), desc(articles.id))
    .limit(filters.limit + 1);
  const page = rows.slice(0, filters.limit);
  const authors = await loadStoryAuthors(db, page.map((row) => row.id));
  const last = page[page.length - 1];
  return {
    rows: page.map((row) => ({
      ...row,
      authorNames: (authors.get(row.id) ?? []).map((author) => author.name),
    })),
    nextCursor: rows.length > filters.limit && last ? encodeKeysetCursor({ at: last.savedAt, id: last.id }) : null,
  };
}

/** Counts per status under the same filters (status itself excluded), for the dashboard tabs. */
export async function countArticlesByStatus(
  db: Executor,
  filters: Omit<AdminArticleFilters, "cursor" | "limit" | "status">,
): Promise<Record<ArticleStatus, number>> {
  const conditions = filterConditions(filters);
  const rows = await db
    .select({ status: articles.status, n: sql<number>`count(*)::int` })
    .from(articles)
    .where(conditions.length ? and(...conditions) : undefined)
    .groupBy(articles.status);
  const counts: Record<ArticleStatus, number> = { draft: 0, scheduled: 0, published: 0, unpublished: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

export type RecentChange = {
  articleId: number;
  title: string;
  version: number;
  note: string;
  savedAt: Date;
  savedByName: string | null;
};

export async function listRecentChanges(db: Executor, options: { limit: number; ownerId?: number }): Promise<RecentChange[]> {
  return db
    .select({
      articleId: articleRevisions.articleId,
      title: articles.title,
      version: articleRevisions.version,
      note: articleRevisions.note,
      savedAt: articleRevisions.savedAt,
      savedByName: users.displayName,
    })
    .from(articleRevisions)
    .innerJoin(articles, eq(articles.id, articleRevisions.articleId))
    .leftJoin(users, eq(users.id, articleRevisions.savedBy))
    .where(options.ownerId !== undefined ? ownedBy(options.ownerId) : undefined)
    .orderBy(desc(articleRevisions.savedAt), desc(articleRevisions.id))
    .limit(options.limit);
}

export type EditorArticle = {
  article: Article;
  authorIds: number[];
  tagNames: string[];
  readAlso: LinkedStory[];
  hero: { id: number; path: string; alt: string; width: number; height: number } | null;
  section: { slug: string; name: string } | null;
};

export type LinkedStory = { id: number; title: string; status: ArticleStatus | "hidden"; isBreaking: boolean };

/** What a viewer sees of a read-also link to a story they may not link themselves. */
export const HIDDEN_LINK_TITLE = "خبر مرتبط لا تملك صلاحية عرضه";

/**
 * Everything the story editor (and its preview) loads for one article, as the viewer may see it:
 * a read-also link to a story the viewer could not link keeps its id, so saving keeps the link,
 * but shows neither its title nor its status.
 */
export async function getArticleForEditor(db: Executor, id: number, viewer: Viewer, now: Date): Promise<EditorArticle | null> {
  const [article] = await db.select().from(articles).where(eq(articles.id, id));
  if (!article) return null;
  const [authorsByStory, tagsByStory, linkRows, heroRows, sectionRows] = await Promise.all([
    loadStoryAuthors(db, [id]),
    loadStoryTags(db, [id]),
    db
      .select({
        id: articles.id,
        title: articles.title,
        status: articles.status,
        isBreaking: articles.isBreaking,
        linkable: sql<boolean>`${storiesLinkableBy(viewer, now) ?? sql`true`}`.mapWith(Boolean),
      })
      .from(articleLinks)
      .innerJoin(articles, eq(articles.id, articleLinks.linkedArticleId))
      .where(eq(articleLinks.articleId, id))
      .orderBy(asc(articleLinks.position)),
    article.heroMediaId
      ? db
          .select({ id: media.id, path: media.path, alt: media.alt, width: media.width, height: media.height })
          .from(media)
          .where(eq(media.id, article.heroMediaId))
      : Promise.resolve([]),
    db.select({ slug: sections.slug, name: sections.name }).from(sections).where(eq(sections.id, article.sectionId)),
  ]);
  return {
    article,
    authorIds: (authorsByStory.get(id) ?? []).map((author) => author.id),
    tagNames: (tagsByStory.get(id) ?? []).map((tag) => tag.name),
    readAlso: linkRows.map(({ linkable, ...story }) =>
      linkable ? story : { id: story.id, title: HIDDEN_LINK_TITLE, status: "hidden" as const, isBreaking: false },
    ),
    hero: heroRows[0] ?? null,
    section: sectionRows[0] ?? null,
  };
}

/** May this user open the story in the editor? Editors and admins see all; writers their own. */
export async function canUserSeeArticle(db: Executor, articleId: number, user: { id: number; role: UserRole }): Promise<boolean> {
  if (seesEveryStory(user.role)) return true;
  const [row] = await db
    .select({ id: articles.id })
    .from(articles)
    .where(and(eq(articles.id, articleId), ownedBy(user.id)));
  return Boolean(row);
}

/** "Read also" candidates: stories the viewer may link whose normalised title contains the query (or with that id). */
export async function searchLinkableStories(
  db: Executor,
  viewer: Viewer,
  options: { q: string; excludeId?: number; now: Date; limit?: number },
): Promise<LinkedStory[]> {
  const q = normalizeArabic(options.q).trim();
  const asId = /^\d+$/.test(options.q.trim()) ? Number(options.q.trim()) : null;
  const conditions: SQL[] = [];
  const linkable = storiesLinkableBy(viewer, options.now);
  if (linkable) conditions.push(linkable);
  if (options.excludeId) conditions.push(sql`${articles.id} <> ${options.excludeId}`);
  if (asId !== null) conditions.push(or(eq(articles.id, asId), sql`${articles.titleSearch} ilike ${likePattern(q)}`)!);
  else if (q) conditions.push(sql`${articles.titleSearch} ilike ${likePattern(q)}`);
  return db
    .select({ id: articles.id, title: articles.title, status: articles.status, isBreaking: articles.isBreaking })
    .from(articles)
    .where(and(...conditions))
    // Public stories first, newest first; then scheduled ones, then drafts and withdrawn stories.
    .orderBy(
      sql`case when ${publicArticleWhere(options.now)} then 0 when ${articles.status} = 'scheduled' then 1 else 2 end`,
      sql`${articles.firstPublishedAt} desc nulls last`,
      desc(articles.id),
    )
    .limit(options.limit ?? 10);
}
