import "server-only";
import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { articleAuthors, articles, articleTags, sections, tags, users } from "@/db/schema";
import { publicArticleWhere } from "@/lib/articles/visibility";
import { MAX_NEWS_URLS, MAX_URLS_PER_SITEMAP } from "@/lib/seo/sitemap-xml";

// The sitemaps' SQL: public URLs only, each with the time of its last reader-visible change, as
// plain JSON (ISO strings) so the rows can sit in the data cache.

const NEWS_WINDOW_HOURS = 48;

// A scheduled story is saved (updated_at) before it becomes visible (first_published_at); what a
// reader last saw change is whichever came later.
const lastVisibleChange = sql<Date>`greatest(${articles.updatedAt}, ${articles.firstPublishedAt})`;
const newestVisibleChange = sql<Date>`max(greatest(${articles.updatedAt}, ${articles.firstPublishedAt}))`.mapWith(
  articles.updatedAt,
);

export type SitemapRow = { slug: string; lastModified: string };
export type ArticleSitemapRow = { id: number; slug: string; lastModified: string };
export type ArticleChunk = { chunk: number; lastModified: string };
export type NewsSitemapRow = { id: number; slug: string; title: string; firstPublishedAt: string };

// A wire story whose outlet keeps the canonical URL (lib/wire/attribution) is not ours to list:
// a sitemap names canonical URLs only.
const listsOwnUrl = eq(articles.sourceIsCanonical, false);

function toIso(value: Date | string | null): string {
  return new Date(value ?? 0).toISOString();
}

export async function listArticleSitemapChunks(db: Executor, now: Date): Promise<ArticleChunk[]> {
  // A literal divisor keeps the select and group-by expressions textually identical.
  const chunk = sql<number>`(${articles.id} / ${sql.raw(String(MAX_URLS_PER_SITEMAP))})`.mapWith(Number);
  const rows = await db
    .select({ chunk, lastModified: newestVisibleChange })
    .from(articles)
    .where(publicArticleWhere(now))
    .groupBy(chunk)
    .orderBy(chunk);
  return rows.map((row) => ({ chunk: row.chunk, lastModified: toIso(row.lastModified) }));
}

/** Public stories with fromId <= id < toId, in id order (a primary-key range scan). */
export async function listArticleSitemapRows(
  db: Executor,
  options: { now: Date; fromId: number; toId: number },
): Promise<ArticleSitemapRow[]> {
  const rows = await db
    .select({ id: articles.id, slug: articles.slug, lastModified: lastVisibleChange.mapWith(articles.updatedAt) })
    .from(articles)
    .where(and(gte(articles.id, options.fromId), lt(articles.id, options.toId), publicArticleWhere(options.now), listsOwnUrl))
    .orderBy(asc(articles.id));
  return rows.map((row) => ({ id: row.id, slug: row.slug, lastModified: toIso(row.lastModified) }));
}

/** Tags with at least one public story, most recently active first. */
export async function listTagSitemapRows(db: Executor, now: Date): Promise<SitemapRow[]> {
  const rows = await db
    .select({ slug: tags.slug, lastModified: newestVisibleChange })
    .from(tags)
    .innerJoin(articleTags, and(eq(articleTags.tagId, tags.id), eq(articleTags.articleListed, true)))
    .innerJoin(articles, eq(articles.id, articleTags.articleId))
    .where(publicArticleWhere(now))
    .groupBy(tags.id)
    .orderBy(desc(newestVisibleChange), asc(tags.slug))
    .limit(MAX_URLS_PER_SITEMAP);
  return rows.map((row) => ({ slug: row.slug, lastModified: toIso(row.lastModified) }));
}

/** Sections with at least one public story: an empty section page is not worth a crawl. */
export async function listSectionSitemapRows(db: Executor, now: Date): Promise<SitemapRow[]> {
  const rows = await db
    .select({ slug: sections.slug, lastModified: newestVisibleChange })
    .from(sections)
    .innerJoin(articles, eq(articles.sectionId, sections.id))
    .where(publicArticleWhere(now))
    .groupBy(sections.id)
    .orderBy(asc(sections.position), asc(sections.id));
  return rows.map((row) => ({ slug: row.slug, lastModified: toIso(row.lastModified) }));
}

/** Authors with at least one public byline. */
export async function listAuthorSitemapRows(db: Executor, now: Date): Promise<SitemapRow[]> {
  const rows = await db
    .select({ slug: users.slug, lastModified: newestVisibleChange })
    .from(users)
    .innerJoin(articleAuthors, and(eq(articleAuthors.userId, users.id), eq(articleAuthors.articleListed, true)))
    .innerJoin(articles, eq(articles.id, articleAuthors.articleId))
    .where(publicArticleWhere(now))
    .groupBy(users.id)
    .orderBy(desc(newestVisibleChange), asc(users.slug))
    .limit(MAX_URLS_PER_SITEMAP);
  return rows.map((row) => ({ slug: row.slug, lastModified: toIso(row.lastModified) }));
}

/** Stories first published within the news window, newest first (Google News reads 48 hours). */
export async function listNewsSitemapRows(db: Executor, now: Date): Promise<NewsSitemapRow[]> {
  const since = new Date(now.getTime() - NEWS_WINDOW_HOURS * 3_600_000);
  const rows = await db
    .select({ id: articles.id, slug: articles.slug, title: articles.title, firstPublishedAt: articles.firstPublishedAt })
    .from(articles)
    .where(and(publicArticleWhere(now), gte(articles.firstPublishedAt, since), listsOwnUrl))
    .orderBy(desc(articles.firstPublishedAt), desc(articles.id))
    .limit(MAX_NEWS_URLS);
  return rows.map((row) => ({ ...row, firstPublishedAt: toIso(row.firstPublishedAt) }));
}
