import { getEnv } from "@/lib/env";
import { encodePathSegment } from "@/lib/i18n/slug";
import { mediaSrcSet, mediaUrl, type MediaWidth } from "@/lib/media/rules";

// Every URL the site emits is built here, percent-encoded ASCII, so canonical, og:url, JSON-LD,
// sitemaps and feeds can never disagree.
export const paths = {
  home: () => "/",
  article: (id: number, slug: string) => `/news/${id}/${encodePathSegment(slug)}`,
  // Slug-free and so stable across retitling (it 301s to the canonical URL): the feeds' guid base.
  articleById: (id: number) => `/news/${id}`,
  tag: (slug: string) => `/tag/${encodePathSegment(slug)}`,
  tagFeed: (slug: string) => `/tag/${encodePathSegment(slug)}/feed.xml`,
  section: (slug: string) => `/section/${encodePathSegment(slug)}`,
  sectionFeed: (slug: string) => `/section/${encodePathSegment(slug)}/feed.xml`,
  author: (slug: string) => `/author/${encodePathSegment(slug)}`,
  search: (query: string) => `/search?q=${encodeURIComponent(query)}`,
  // schema.org SearchAction wants the braces literally: crawlers substitute the query themselves.
  searchTemplate: () => "/search?q={search_term_string}",
  // Only the canonical widths type-check: any other would be a redirect (lib/media/rules.ts).
  media: (path: string, width?: MediaWidth) => mediaUrl(path, width),
  /** `srcset` for <img>: the canonical `widths` of an image stored `storedWidth` pixels wide. */
  mediaSrcSet: (path: string, storedWidth: number, widths?: readonly MediaWidth[]) => mediaSrcSet(path, storedWidth, widths),
  feed: () => "/feed.xml",
  sitemapIndex: () => "/sitemap.xml",
  newsSitemap: () => "/news-sitemap.xml",
  articleSitemap: (chunk: number) => `/sitemaps/articles/${chunk}.xml`,
  tagSitemap: () => "/sitemaps/tags.xml",
  sectionSitemap: () => "/sitemaps/sections.xml",
  authorSitemap: () => "/sitemaps/authors.xml",
  appIcon: (file: string) => `/icons/${file}`,
  // Newsletters (lib/newsletters): tokens are [\w.-] only, so they need no encoding.
  newsletter: () => "/newsletter",
  newsletterSubscribe: () => "/newsletter/subscribe",
  newsletterConfirm: (token: string) => `/newsletter/confirm?token=${token}`,
  /** The visible unsubscribe link: a page with one button. */
  newsletterUnsubscribe: (token: string) => `/newsletter/unsubscribe?token=${token}`,
  /** RFC 8058 List-Unsubscribe target: a POST here unsubscribes, nothing else does. */
  newsletterOneClick: (token: string) => `/newsletter/one-click?token=${token}`,
  newsletterConfirmSubmit: () => "/newsletter/confirm-subscription",
  newsletterPreferencesSubmit: () => "/newsletter/save-preferences",
  newsletterPreferences: (token: string) => `/newsletter/preferences?token=${token}`,
  /** The day's digest as a web page: YYYY-MM-DD in TIME_ZONE. */
  newsletterDigest: (day: string) => `/newsletter/${day}`,
};

export function absoluteUrl(pathname: string): string {
  return `${getEnv().siteUrl}${pathname}`;
}
