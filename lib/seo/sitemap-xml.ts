import { escapeXml, textElement, XML_DECLARATION } from "@/lib/seo/xml";

// Pure builders for the sitemaps protocol (sitemaps.org) and Google News sitemaps. Callers pass
// absolute, percent-encoded URLs and machine dates (ISO 8601 with an offset); nothing is looked up.

export const SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";
export const NEWS_NAMESPACE = "http://www.google.com/schemas/sitemap-news/0.9";

/** The protocol's cap per file; larger sets are split across several files. */
export const MAX_URLS_PER_SITEMAP = 50_000;
/** Google News reads at most this many URLs per news sitemap. */
export const MAX_NEWS_URLS = 1_000;

export type SitemapEntry = { loc: string; lastmod: string | null };

export type NewsSitemapEntry = {
  loc: string;
  publicationName: string;
  language: string;
  publicationDate: string;
  title: string;
};

function locAndLastmod(entry: SitemapEntry): string {
  return `<loc>${escapeXml(entry.loc)}</loc>${textElement("lastmod", entry.lastmod)}`;
}

export function buildSitemapIndex(sitemaps: SitemapEntry[]): string {
  const children = sitemaps.map((sitemap) => `<sitemap>${locAndLastmod(sitemap)}</sitemap>`);
  return [XML_DECLARATION, `<sitemapindex xmlns="${SITEMAP_NAMESPACE}">`, ...children, "</sitemapindex>", ""].join("\n");
}

export function buildUrlset(urls: SitemapEntry[]): string {
  const children = urls.map((url) => `<url>${locAndLastmod(url)}</url>`);
  return [XML_DECLARATION, `<urlset xmlns="${SITEMAP_NAMESPACE}">`, ...children, "</urlset>", ""].join("\n");
}

export function buildNewsUrlset(urls: NewsSitemapEntry[]): string {
  const children = urls.map(
    (url) =>
      `<url><loc>${escapeXml(url.loc)}</loc><news:news><news:publication>` +
      `<news:name>${escapeXml(url.publicationName)}</news:name>` +
      `<news:language>${escapeXml(url.language)}</news:language></news:publication>` +
      `<news:publication_date>${escapeXml(url.publicationDate)}</news:publication_date>` +
      `<news:title>${escapeXml(url.title)}</news:title></news:news></url>`,
  );
  return [
    XML_DECLARATION,
    `<urlset xmlns="${SITEMAP_NAMESPACE}" xmlns:news="${NEWS_NAMESPACE}">`,
    ...children,
    "</urlset>",
    "",
  ].join("\n");
}
