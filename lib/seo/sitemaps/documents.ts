import "server-only";
import { getEnv } from "@/lib/env";
import { toIsoWithOffset } from "@/lib/i18n/dates";
import { buildNewsUrlset, buildSitemapIndex, buildUrlset, MAX_URLS_PER_SITEMAP, type SitemapEntry } from "@/lib/seo/sitemap-xml";
import {
  getArticleChunks,
  getArticleSlice,
  getAuthorRows,
  getNewsRows,
  getSectionRows,
  getTagRows,
  SLICES_PER_SITEMAP,
} from "@/lib/seo/sitemaps/cached";
import type { SitemapRow } from "@/lib/seo/sitemaps/queries";
import { absoluteUrl, paths } from "@/lib/urls";

// The sitemaps' documents. URLs and XML are built per request from the cached rows, so a change
// of SITE_URL or TIME_ZONE never serves a stale host or offset out of the data cache.

// Article ids are Postgres integers: a chunk past this would overflow the id comparisons.
const MAX_ARTICLE_CHUNK = Math.floor(2_147_483_647 / MAX_URLS_PER_SITEMAP) - 1;

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
