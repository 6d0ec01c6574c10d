import { getEnv } from "@/lib/env";
import { encodePathSegment } from "@/lib/i18n/slug";

// Every URL the site emits is built here, percent-encoded ASCII, so canonical, og:url, JSON-LD,
// sitemaps and feeds can never disagree.
export const paths = {
  article: (id: number, slug: string) => `/news/${id}/${encodePathSegment(slug)}`,
  tag: (slug: string) => `/tag/${encodePathSegment(slug)}`,
  tagFeed: (slug: string) => `/tag/${encodePathSegment(slug)}/feed.xml`,
  section: (slug: string) => `/section/${encodePathSegment(slug)}`,
  sectionFeed: (slug: string) => `/section/${encodePathSegment(slug)}/feed.xml`,
  author: (slug: string) => `/author/${encodePathSegment(slug)}`,
  search: (query: string) => `/search?q=${encodeURIComponent(query)}`,
  media: (path: string, width?: number) => (width ? `${path}?w=${width}` : path),
};

export function absoluteUrl(pathname: string): string {
  return `${getEnv().siteUrl}${pathname}`;
}
