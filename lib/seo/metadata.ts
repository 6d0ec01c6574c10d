import type { Metadata } from "next";
import type { ArticlePageData } from "@/lib/pages/article";
import { getEnv } from "@/lib/env";
import { articleMachineDates } from "@/lib/seo/structured-data";
import { absoluteUrl, paths } from "@/lib/urls";

// One place builds every page's metadata, so canonical, og:url and the JSON-LD ids agree.
export const INDEXABLE: Metadata["robots"] = { index: true, follow: true, "max-image-preview": "large" };
export const NOT_INDEXABLE: Metadata["robots"] = { index: false, follow: true };

export const DEFAULT_OG_IMAGE = { path: "/icons/og-default.png", width: 1200, height: 630 };

function feedAlternates(feeds: { title: string; path: string }[]) {
  return { "application/rss+xml": feeds.map((feed) => ({ url: absoluteUrl(feed.path), title: feed.title })) };
}

export function siteFeed() {
  return { title: `${getEnv().siteName}: آخر الأخبار`, path: "/feed.xml" };
}

export function listingMetadata(page: {
  title: string;
  description: string;
  path: string;
  feeds?: { title: string; path: string }[];
  indexable?: boolean;
}): Metadata {
  const env = getEnv();
  const url = absoluteUrl(page.path);
  const image = { url: absoluteUrl(DEFAULT_OG_IMAGE.path), width: DEFAULT_OG_IMAGE.width, height: DEFAULT_OG_IMAGE.height, alt: env.siteName };
  return {
    title: page.title,
    description: page.description,
    alternates: { canonical: url, types: feedAlternates([siteFeed(), ...(page.feeds ?? [])]) },
    robots: page.indexable === false ? NOT_INDEXABLE : INDEXABLE,
    openGraph: {
      type: "website",
      url,
      siteName: env.siteName,
      locale: "ar",
      title: page.title,
      description: page.description,
      images: [image],
    },
    twitter: { card: "summary_large_image", title: page.title, description: page.description, images: [image.url] },
  };
}

export function articleImage(page: Pick<ArticlePageData, "hero" | "title">) {
  const env = getEnv();
  return page.hero
    ? { url: absoluteUrl(paths.media(page.hero.path, 1280)), width: Math.min(1280, page.hero.width), height: Math.round((Math.min(1280, page.hero.width) / page.hero.width) * page.hero.height), alt: page.hero.alt }
    : { url: absoluteUrl(DEFAULT_OG_IMAGE.path), width: DEFAULT_OG_IMAGE.width, height: DEFAULT_OG_IMAGE.height, alt: env.siteName };
}

export function articleMetadata(page: ArticlePageData): Metadata {
  const env = getEnv();
  const url = absoluteUrl(paths.article(page.id, page.slug));
  const image = articleImage(page);
  const times = articleMachineDates(page.firstPublishedAt ?? page.updatedAt, page.updatedAt);
  const description = page.dek || page.title;
  // A wire story whose outlet asked to stay canonical points crawlers to the original.
  const canonical = page.sourceIsCanonical && page.sourceUrl ? page.sourceUrl : url;
  return {
    title: page.title,
    description,
    alternates: {
      canonical,
      types: feedAlternates([siteFeed(), { title: `${env.siteName}: ${page.section.name}`, path: paths.sectionFeed(page.section.slug) }]),
    },
    robots: INDEXABLE,
    authors: page.authors.map((author) => ({ name: author.name, url: absoluteUrl(paths.author(author.slug)) })),
    keywords: page.tags.map((tag) => tag.name),
    openGraph: {
      type: "article",
      url,
      siteName: env.siteName,
      locale: "ar",
      title: page.title,
      description,
      images: [image],
      publishedTime: times.published,
      modifiedTime: times.modified,
      section: page.section.name,
      tags: page.tags.map((tag) => tag.name),
      authors: page.authors.map((author) => absoluteUrl(paths.author(author.slug))),
    },
    twitter: { card: "summary_large_image", title: page.title, description, images: [image.url] },
  };
}
