import "server-only";
import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import { unstable_cache } from "next/cache";
import { getDb, type Executor } from "@/db/client";
import { articleAuthors, articles, articleTags, sections, tags, users } from "@/db/schema";
import { isPublicArticle } from "@/lib/articles/queries";
import { BACKSTOP_SECONDS } from "@/lib/cache/cached-read";
import { cacheTags } from "@/lib/cache/tags";
import { getEnv } from "@/lib/env";
import { toIsoWithOffset } from "@/lib/i18n/dates";
import {
  buildNewsUrlset,
  buildSitemapIndex,
  buildUrlset,
  MAX_NEWS_URLS,
  MAX_URLS_PER_SITEMAP,
  type SitemapEntry,
} from "@/lib/seo/sitemap-xml";
import { absoluteUrl, paths } from "@/lib/seo/urls";

// Sitemaps list public URLs only, each with the time of its last reader-visible change.
// Cached reads return plain JSON (ISO strings); URLs and XML are built per request so a change
// of SITE_URL or TIME_ZONE never serves a stale host or offset out of the data cache.

const NEWS_WINDOW_HOURS = 48;
// The data cache refuses entries over 2 MB (and throws in dev), so a 50,000-URL article sitemap
// is read as ten cached slices of 5,000 ids each.
const IDS_PER_CACHE_SLICE = 5_000;
const SLICES_PER_SITEMAP = MAX_URLS_PER_SITEMAP / IDS_PER_CACHE_SLICE;
// Article ids are Postgres integers: a chunk past this would overflow the id comparisons.
const MAX_ARTICLE_CHUNK = Math.floor(2_147_483_647 / MAX_URLS_PER_SITEMAP) - 1;

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

function toIso(value: Date | string | null): string {
  return new Date(value ?? 0).toISOString();
}

// ------------------------------------------------------------ queries

export async function listArticleSitemapChunks(db: Executor, now: Date): Promise<ArticleChunk[]> {
  // A literal divisor keeps the select and group-by expressions textually identical.
  const chunk = sql<number>`(${articles.id} / ${sql.raw(String(MAX_URLS_PER_SITEMAP))})`.mapWith(Number);
  const rows = await db
    .select({ chunk, lastModified: newestVisibleChange })
    .from(articles)
    .where(isPublicArticle(now))
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
    .where(and(gte(articles.id, options.fromId), lt(articles.id, options.toId), isPublicArticle(options.now)))
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
    .where(isPublicArticle(now))
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
    .where(isPublicArticle(now))
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
    .where(isPublicArticle(now))
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
    .where(and(isPublicArticle(now), gte(articles.firstPublishedAt, since)))
    .orderBy(desc(articles.firstPublishedAt), desc(articles.id))
    .limit(MAX_NEWS_URLS);
  return rows.map((row) => ({ ...row, firstPublishedAt: toIso(row.firstPublishedAt) }));
}

// ------------------------------------------------------------ cached reads

const cacheOptions = { tags: [cacheTags.sitemaps], revalidate: BACKSTOP_SECONDS };

const getArticleChunks = unstable_cache(
  async () => listArticleSitemapChunks(getDb(), new Date()),
  ["sitemap-article-chunks-v1"],
  cacheOptions,
);

const getArticleSlice = unstable_cache(
  async (slice: number) =>
    listArticleSitemapRows(getDb(), {
      now: new Date(),
      fromId: slice * IDS_PER_CACHE_SLICE,
      toId: (slice + 1) * IDS_PER_CACHE_SLICE,
    }),
  ["sitemap-article-slice-v1"],
  cacheOptions,
);

const getTagRows = unstable_cache(async () => listTagSitemapRows(getDb(), new Date()), ["sitemap-tags-v1"], cacheOptions);

const getSectionRows = unstable_cache(
  async () => listSectionSitemapRows(getDb(), new Date()),
  ["sitemap-sections-v1"],
  cacheOptions,
);

const getAuthorRows = unstable_cache(
  async () => listAuthorSitemapRows(getDb(), new Date()),
  ["sitemap-authors-v1"],
  cacheOptions,
);

const getNewsRows = unstable_cache(async () => listNewsSitemapRows(getDb(), new Date()), ["sitemap-news-v1"], cacheOptions);

// ------------------------------------------------------------ documents

function machineDate(iso: string): string {
  return toIsoWithOffset(new Date(iso), getEnv().timeZone);
}

function newestOf(rows: { lastModified: string }[]): string | null {
  let newest: string | null = null;
  for (const row of rows) if (newest === null || row.lastModified > newest) newest = row.lastModified;
  return newest;
}

/** Accepts "<n>.xml" as written in the index; null for anything else. */
export function parseArticleSitemapFile(file: string): number | null {
  const match = /^(\d{1,5})\.xml$/.exec(file);
  if (!match) return null;
  const chunk = Number(match[1]);
  return chunk <= MAX_ARTICLE_CHUNK ? chunk : null;
}

export async function renderSitemapIndex(): Promise<string> {
  const [chunks, tagRows, sectionRows, authorRows] = await Promise.all([
    getArticleChunks(),
    getTagRows(),
    getSectionRows(),
    getAuthorRows(),
  ]);
  const entry = (path: string, lastModified: string | null): SitemapEntry => ({
    loc: absoluteUrl(path),
    lastmod: lastModified === null ? null : machineDate(lastModified),
  });
  return buildSitemapIndex([
    ...chunks.map((chunk) => entry(paths.articleSitemap(chunk.chunk), chunk.lastModified)),
    entry(paths.sectionSitemap(), newestOf(sectionRows)),
    entry(paths.tagSitemap(), newestOf(tagRows)),
    entry(paths.authorSitemap(), newestOf(authorRows)),
  ]);
}

/** Null when the chunk holds no public story (it is not in the index either). */
export async function renderArticleSitemap(chunk: number): Promise<string | null> {
  // Checked against the (cached) index first, so probing random chunk numbers costs no queries.
  if (!(await getArticleChunks()).some((listed) => listed.chunk === chunk)) return null;
  const firstSlice = chunk * SLICES_PER_SITEMAP;
  const slices = await Promise.all(Array.from({ length: SLICES_PER_SITEMAP }, (_, i) => getArticleSlice(firstSlice + i)));
  const rows = slices.flat();
  if (rows.length === 0) return null;
  return buildUrlset(
    rows.map((row) => ({ loc: absoluteUrl(paths.article(row.id, row.slug)), lastmod: machineDate(row.lastModified) })),
  );
}

function renderSlugSitemap(rows: SitemapRow[], pathOf: (slug: string) => string): string {
  return buildUrlset(rows.map((row) => ({ loc: absoluteUrl(pathOf(row.slug)), lastmod: machineDate(row.lastModified) })));
}

export async function renderTagSitemap(): Promise<string> {
  return renderSlugSitemap(await getTagRows(), paths.tag);
}

/** The home page leads the sections: it is the newsroom's front section and changes with every story. */
export async function renderSectionSitemap(): Promise<string> {
  const rows = await getSectionRows();
  const newest = newestOf(rows);
  const home: SitemapEntry[] = newest ? [{ loc: absoluteUrl(paths.home()), lastmod: machineDate(newest) }] : [];
  const sectionEntries = rows.map((row) => ({
    loc: absoluteUrl(paths.section(row.slug)),
    lastmod: machineDate(row.lastModified),
  }));
  return buildUrlset([...home, ...sectionEntries]);
}

export async function renderAuthorSitemap(): Promise<string> {
  return renderSlugSitemap(await getAuthorRows(), paths.author);
}

export async function renderNewsSitemap(): Promise<string> {
  const env = getEnv();
  const rows = await getNewsRows();
  return buildNewsUrlset(
    rows.map((row) => ({
      loc: absoluteUrl(paths.article(row.id, row.slug)),
      publicationName: env.newsPublicationName,
      language: "ar",
      publicationDate: machineDate(row.firstPublishedAt),
      title: row.title,
    })),
  );
}
