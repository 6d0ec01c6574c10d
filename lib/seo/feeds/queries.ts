import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { articles, articleTags, media, sections, wireSources } from "@/db/schema";
import type { ArticleBody } from "@/lib/articles/body-schema";
import { publicArticleWhere, publicListingWhere } from "@/lib/articles/visibility";
import { loadStoryTags } from "@/lib/tags/queries";
import { loadStoryAuthors } from "@/lib/users/queries";

// The feeds' SQL: the newest public stories of the site, a tag or a section, and one story's body.

export const FEED_SIZE = 50;

export type FeedStory = {
  id: number;
  slug: string;
  title: string;
  dek: string;
  firstPublishedAt: string;
  lastModified: string;
  hero: { path: string; mimeType: string; width: number; height: number; alt: string } | null;
  tags: { name: string; slug: string }[];
  authors: string[];
  /** The outlet a story is based on: for a wire story its feed, else the source's page typed by hand. */
  source: { name: string; url: string } | null;
};

export type FeedFilter = { sectionId: number } | { tagId: number } | null;

const feedColumns = {
  id: articles.id,
  slug: articles.slug,
  title: articles.title,
  dek: articles.dek,
  firstPublishedAt: articles.firstPublishedAt,
  // A scheduled story is saved before it is visible; readers saw it change when it appeared.
  lastModified: sql<Date>`greatest(${articles.updatedAt}, ${articles.firstPublishedAt})`.mapWith(articles.updatedAt),
  heroPath: media.path,
  heroMimeType: media.mimeType,
  heroWidth: media.width,
  heroHeight: media.height,
  heroAlt: media.alt,
  sourceName: articles.sourceName,
  sourceUrl: articles.sourceUrl,
  sourceFeedUrl: wireSources.feedUrl,
};

async function listFeedRows(db: Executor, now: Date, filter: FeedFilter) {
  const base = db
    .select(feedColumns)
    .from(articles)
    .innerJoin(sections, eq(sections.id, articles.sectionId))
    .leftJoin(media, eq(media.id, articles.heroMediaId))
    .leftJoin(wireSources, eq(wireSources.id, articles.wireSourceId));
  if (filter && "tagId" in filter) {
    // The denormalised (tag, published_at) index, as tag pages read it.
    return base
      .innerJoin(articleTags, eq(articleTags.articleId, articles.id))
      .where(
        and(
          eq(articleTags.tagId, filter.tagId),
          publicListingWhere(articleTags, now),
          publicArticleWhere(now),
        ),
      )
      .orderBy(desc(articleTags.articlePublishedAt), desc(articleTags.articleId))
      .limit(FEED_SIZE);
  }
  const sectionCondition = filter && "sectionId" in filter ? eq(articles.sectionId, filter.sectionId) : undefined;
  return base
    .where(and(sectionCondition, publicArticleWhere(now)))
    .orderBy(desc(articles.firstPublishedAt), desc(articles.id))
    .limit(FEED_SIZE);
}

export async function listFeedStories(db: Executor, now: Date, filter: FeedFilter): Promise<FeedStory[]> {
  const rows = await listFeedRows(db, now, filter);
  const ids = rows.map((row) => row.id);
  if (ids.length === 0) return [];
  const [tagsByStory, authorsByStory] = await Promise.all([loadStoryTags(db, ids), loadStoryAuthors(db, ids)]);
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    title: row.title,
    dek: row.dek,
    firstPublishedAt: new Date(row.firstPublishedAt ?? 0).toISOString(),
    lastModified: new Date(row.lastModified).toISOString(),
    hero:
      row.heroPath && row.heroMimeType && row.heroWidth && row.heroHeight
        ? { path: row.heroPath, mimeType: row.heroMimeType, width: row.heroWidth, height: row.heroHeight, alt: row.heroAlt ?? "" }
        : null,
    tags: (tagsByStory.get(row.id) ?? []).map(({ name, slug }) => ({ name, slug })),
    authors: (authorsByStory.get(row.id) ?? []).map((author) => author.name),
    source: row.sourceName && (row.sourceFeedUrl || row.sourceUrl) ? { name: row.sourceName, url: row.sourceFeedUrl ?? row.sourceUrl } : null,
  }));
}

export async function getPublicArticleBody(db: Executor, id: number, now: Date): Promise<ArticleBody | null> {
  const [row] = await db
    .select({ body: articles.body })
    .from(articles)
    .where(and(eq(articles.id, id), publicArticleWhere(now)));
  return row?.body ?? null;
}
