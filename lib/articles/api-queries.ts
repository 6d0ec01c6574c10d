import "server-only";
import { and, asc, desc, eq, inArray, lt, or, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import {
  articleLinks,
  articles,
  articleTags,
  sections,
  tags,
  type ArticleStatus,
} from "@/db/schema";
import type { ArticleBody } from "@/lib/articles/body-schema";
import type { ArticleDraftInput } from "@/lib/articles/schemas";
import { storiesLinkableBy, storiesVisibleTo, type Viewer } from "@/lib/articles/visibility";
import { encodeIdCursor } from "@/lib/pagination/cursor";
import { absoluteUrl, paths } from "@/lib/urls";
import { loadStoryTags } from "@/lib/tags/queries";
import { tagIdentity } from "@/lib/tags/resolve";
import { loadStoryAuthors } from "@/lib/users/queries";

// Reads for the JSON API (app/api/v1). Unlike the public queries these see other statuses, as far
// as the key's role allows (lib/articles/visibility): an editor's key sees everything, a writer's
// key public stories and the ones created with it. A story a key may not see is "not found".

export type ApiArticle = {
  id: number;
  slug: string;
  url: string;
  title: string;
  dek: string;
  body: ArticleBody;
  section: string;
  tags: string[];
  authors: string[];
  sourceName: string;
  sourceUrl: string;
  isBreaking: boolean;
  readAlso: number[];
  status: ArticleStatus;
  scheduledAt: string | null;
  firstPublishedAt: string | null;
  updatedAt: string;
  version: number;
  heroMediaId: number | null;
  correction: string;
  /** A live coverage (lib/live); liveEndedAt is set once it ended. */
  live: boolean;
  liveStartedAt: string | null;
  liveEndedAt: string | null;
};

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

const articleColumns = {
  id: articles.id,
  slug: articles.slug,
  title: articles.title,
  dek: articles.dek,
  body: articles.body,
  sectionId: articles.sectionId,
  section: sections.slug,
  sourceName: articles.sourceName,
  sourceUrl: articles.sourceUrl,
  isBreaking: articles.isBreaking,
  status: articles.status,
  scheduledAt: articles.scheduledAt,
  firstPublishedAt: articles.firstPublishedAt,
  updatedAt: articles.updatedAt,
  version: articles.version,
  heroMediaId: articles.heroMediaId,
  correction: articles.correction,
  live: articles.live,
  liveStartedAt: articles.liveStartedAt,
  liveEndedAt: articles.liveEndedAt,
};

type ArticleRow = {
  id: number;
  slug: string;
  title: string;
  dek: string;
  body: ArticleBody;
  sectionId: number;
  section: string;
  sourceName: string;
  sourceUrl: string;
  isBreaking: boolean;
  status: ArticleStatus;
  scheduledAt: Date | string | null;
  firstPublishedAt: Date | string | null;
  updatedAt: Date | string;
  version: number;
  heroMediaId: number | null;
  correction: string;
  live: boolean;
  liveStartedAt: Date | string | null;
  liveEndedAt: Date | string | null;
};

type Relations = { tagNames: string[]; authorSlugs: string[]; authorIds: number[]; readAlso: number[] };

/**
 * Tags, authors and read-also of many stories in three queries, each in the editor's order.
 * With a viewer, read-also lists only the links that viewer could make: a writer key learns
 * nothing (not even an id) about a story it may not see.
 */
async function loadRelations(db: Executor, ids: number[], viewer: Viewer | null, now: Date): Promise<Map<number, Relations>> {
  const byId = new Map<number, Relations>(ids.map((id) => [id, { tagNames: [], authorSlugs: [], authorIds: [], readAlso: [] }]));
  if (ids.length === 0) return byId;
  const [tagsByStory, authorsByStory, linkRows] = await Promise.all([
    loadStoryTags(db, ids),
    loadStoryAuthors(db, ids),
    db
      .select({ articleId: articleLinks.articleId, linkedId: articleLinks.linkedArticleId })
      .from(articleLinks)
      .innerJoin(articles, eq(articles.id, articleLinks.linkedArticleId))
      .where(and(inArray(articleLinks.articleId, ids), viewer ? storiesLinkableBy(viewer, now) : undefined))
      .orderBy(asc(articleLinks.articleId), asc(articleLinks.position)),
  ]);
  for (const [id, relations] of byId) {
    relations.tagNames = (tagsByStory.get(id) ?? []).map((tag) => tag.name);
    relations.authorSlugs = (authorsByStory.get(id) ?? []).map((author) => author.slug);
    relations.authorIds = (authorsByStory.get(id) ?? []).map((author) => author.id);
  }
  for (const row of linkRows) byId.get(row.articleId)?.readAlso.push(row.linkedId);
  return byId;
}

function toApiArticle(row: ArticleRow, relations: Relations | undefined): ApiArticle {
  return {
    id: row.id,
    slug: row.slug,
    url: absoluteUrl(paths.article(row.id, row.slug)),
    title: row.title,
    dek: row.dek,
    body: row.body,
    section: row.section,
    tags: relations?.tagNames ?? [],
    authors: relations?.authorSlugs ?? [],
    sourceName: row.sourceName,
    sourceUrl: row.sourceUrl,
    isBreaking: row.isBreaking,
    readAlso: relations?.readAlso ?? [],
    status: row.status,
    scheduledAt: iso(row.scheduledAt),
    firstPublishedAt: iso(row.firstPublishedAt),
    updatedAt: iso(row.updatedAt)!,
    version: row.version,
    heroMediaId: row.heroMediaId,
    correction: row.correction,
    live: row.live,
    liveStartedAt: iso(row.liveStartedAt),
    liveEndedAt: iso(row.liveEndedAt),
  };
}

function articleQuery(db: Executor) {
  return db.select(articleColumns).from(articles).innerJoin(sections, eq(sections.id, articles.sectionId));
}

/** The story, or undefined when it does not exist or the viewer may not see it (the same answer). */
export async function getApiArticleById(db: Executor, id: number, viewer: Viewer, now = new Date()): Promise<ApiArticle | undefined> {
  const [row] = await articleQuery(db).where(and(eq(articles.id, id), storiesVisibleTo(viewer, now)));
  if (!row) return undefined;
  const relations = await loadRelations(db, [row.id], viewer, now);
  return toApiArticle(row, relations.get(row.id));
}

/**
 * The story as editable input, for PATCH: the fields a request leaves out keep these values
 * (read-also included, whole: links the viewer cannot see are kept, not dropped).
 */
export async function getArticleDraftInput(
  db: Executor,
  id: number,
  viewer: Viewer,
  now = new Date(),
): Promise<{ draft: ArticleDraftInput; version: number; status: ArticleStatus } | undefined> {
  const [row] = await articleQuery(db).where(and(eq(articles.id, id), storiesVisibleTo(viewer, now)));
  if (!row) return undefined;
  const relations = (await loadRelations(db, [row.id], null, now)).get(row.id);
  return {
    version: row.version,
    status: row.status,
    draft: {
      title: row.title,
      slug: row.slug,
      dek: row.dek,
      body: row.body,
      sectionId: row.sectionId,
      authorIds: relations?.authorIds ?? [],
      tagNames: relations?.tagNames ?? [],
      readAlsoIds: relations?.readAlso ?? [],
      sourceName: row.sourceName,
      sourceUrl: row.sourceUrl,
      isBreaking: row.isBreaking,
      heroMediaId: row.heroMediaId,
      correction: row.correction,
      live: row.live,
      liveEndedAt: row.liveEndedAt,
    },
  };
}

export type ApiArticleFilter = { status?: ArticleStatus; tag?: string; limit: number; cursor?: number };

/** Newest first by id, keyset-paginated: `cursor` is the last id of the previous page. */
export async function listApiArticles(
  db: Executor,
  viewer: Viewer,
  filter: ApiArticleFilter,
  now = new Date(),
): Promise<{ items: ApiArticle[]; nextCursor: string | null }> {
  const conditions: (SQL | undefined)[] = [storiesVisibleTo(viewer, now)];
  if (filter.status) conditions.push(eq(articles.status, filter.status));
  if (filter.cursor) conditions.push(lt(articles.id, filter.cursor));
  if (filter.tag) {
    const [tag] = await db
      .select({ id: tags.id })
      .from(tags)
      .where(or(eq(tags.slug, filter.tag), eq(tags.normalizedName, tagIdentity(filter.tag))))
      .limit(1);
    if (!tag) return { items: [], nextCursor: null };
    conditions.push(
      inArray(
        articles.id,
        db.select({ id: articleTags.articleId }).from(articleTags).where(eq(articleTags.tagId, tag.id)),
      ),
    );
  }
  const rows = await articleQuery(db)
    .where(and(...conditions))
    .orderBy(desc(articles.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const relations = await loadRelations(db, page.map((row) => row.id), viewer, now);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => toApiArticle(row, relations.get(row.id))),
    nextCursor: rows.length > filter.limit && last ? encodeIdCursor(last.id) : null,
  };
}
