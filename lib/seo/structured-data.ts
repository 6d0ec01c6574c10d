import { getEnv } from "@/lib/env";
import { toIsoWithOffset } from "@/lib/i18n/dates";
import { liveEntryAnchor } from "@/lib/live/entries";
import { absoluteUrl, paths } from "@/lib/urls";

// schema.org JSON-LD for crawlers. Pure builders: they read only the validated environment (site
// name, URL, time zone), so a page and its tests produce the same objects. Render them with
// app/_components/json-ld.tsx, which serialises through serializeJsonLd.

export type JsonLd = { "@context": "https://schema.org"; "@type": string; [key: string]: unknown };

type DateInput = Date | string;

export type NewsArticleJsonLdInput = {
  id: number;
  slug: string;
  title: string;
  dek: string;
  sectionName: string;
  firstPublishedAt: DateInput;
  updatedAt: DateInput;
  /** Site-relative media path (paths.media); null when the story has no hero image. */
  hero: { path: string } | null;
  authors: { name: string; slug: string }[];
  tagNames: string[];
  /** An editor's correction note; omitted from the output when the text is empty. */
  correction?: { text: string; correctedAt: DateInput | null } | null;
  /** A live coverage: the story is then a LiveBlogPosting whose updates are its entries. */
  live?: LiveCoverageJsonLdInput | null;
  /** The original report the story is based on (isBasedOn); empty for our own reporting. */
  sourceUrl?: string;
};

export type LiveCoverageJsonLdInput = {
  startedAt: DateInput | null;
  endedAt: DateInput | null;
  /** Newest first, as the page lists them after its pinned entries. */
  entries: { id: number; title: string; text: string; postedAt: DateInput; updatedAt: DateInput; image: { path: string } | null }[];
};

export type BreadcrumbItem = { name: string; path: string };

const LOGO = { file: "icon-512.png", width: 512, height: 512 };

function machineDate(value: DateInput): string {
  return toIsoWithOffset(new Date(value), getEnv().timeZone);
}

function logoImage() {
  return {
    "@type": "ImageObject",
    url: absoluteUrl(paths.appIcon(LOGO.file)),
    width: LOGO.width,
    height: LOGO.height,
  };
}

function publisher() {
  const { siteName } = getEnv();
  return { "@type": "Organization", name: siteName, url: absoluteUrl(paths.home()), logo: logoImage() };
}

/**
 * A story's published and modified times as crawlers read them (JSON-LD and article:*_time alike):
 * ISO 8601 with the site's offset. A scheduled story is saved before it appears, so it cannot have
 * been modified before publication.
 */
export function articleMachineDates(firstPublishedAt: DateInput, updatedAt: DateInput) {
  const published = new Date(firstPublishedAt);
  const modified = new Date(Math.max(published.getTime(), new Date(updatedAt).getTime()));
  return { published: machineDate(published), modified: machineDate(modified) };
}

export function newsArticleJsonLd(article: NewsArticleJsonLdInput): JsonLd {
  const canonical = absoluteUrl(paths.article(article.id, article.slug));
  const dates = articleMachineDates(article.firstPublishedAt, article.updatedAt);
  const correction = article.correction?.text.trim()
    ? {
        correction: {
          "@type": "CorrectionComment",
          text: article.correction.text.trim(),
          datePublished: article.correction.correctedAt ? machineDate(article.correction.correctedAt) : dates.modified,
        },
      }
    : {};
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.title,
    ...(article.dek ? { description: article.dek } : {}),
    // Google wants an image on every NewsArticle: a story without a photo carries the site's share image.
    image: [absoluteUrl(article.hero ? paths.media(article.hero.path) : paths.appIcon("og-default.png"))],
    datePublished: dates.published,
    dateModified: dates.modified,
    author: article.authors.map((author) => ({
      "@type": "Person",
      name: author.name,
      url: absoluteUrl(paths.author(author.slug)),
    })),
    publisher: publisher(),
    mainEntityOfPage: { "@type": "WebPage", "@id": canonical },
    url: canonical,
    articleSection: article.sectionName,
    keywords: article.tagNames,
    inLanguage: "ar",
    isAccessibleForFree: true,
    ...correction,
    // A story built on another outlet's report (the wire desk, or a source typed by hand) says so.
    ...(article.sourceUrl ? { isBasedOn: article.sourceUrl } : {}),
    ...(article.live ? liveBlogFields(article.live, canonical, dates) : {}),
  };
}

/**
 * What makes a live story a LiveBlogPosting (schema.org; Google's live-coverage guidance): when the
 * coverage started and, once it has, ended; and each entry as a BlogPosting with its own headline,
 * times, text and anchor URL. While it runs there is no coverageEndTime: no end is known.
 */
function liveBlogFields(live: LiveCoverageJsonLdInput, canonical: string, dates: { published: string; modified: string }) {
  const entries = [...live.entries].sort((a, b) => new Date(b.postedAt).getTime() - new Date(a.postedAt).getTime() || b.id - a.id);
  const newest = entries.reduce((latest, entry) => Math.max(latest, new Date(entry.updatedAt).getTime()), new Date(dates.modified).getTime());
  return {
    "@type": "LiveBlogPosting",
    dateModified: machineDate(new Date(newest)),
    coverageStartTime: live.startedAt ? machineDate(live.startedAt) : dates.published,
    ...(live.endedAt ? { coverageEndTime: machineDate(live.endedAt) } : {}),
    liveBlogUpdate: entries.map((entry) => ({
      "@type": "BlogPosting",
      headline: entry.title,
      datePublished: machineDate(entry.postedAt),
      dateModified: machineDate(new Date(Math.max(new Date(entry.postedAt).getTime(), new Date(entry.updatedAt).getTime()))),
      articleBody: entry.text,
      url: `${canonical}#${liveEntryAnchor(entry.id)}`,
      ...(entry.image ? { image: absoluteUrl(paths.media(entry.image.path)) } : {}),
    })),
  };
}

export function breadcrumbJsonLd(items: BreadcrumbItem[]): JsonLd {
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: items.map((item, index) => ({
      "@type": "ListItem",
      position: index + 1,
      name: item.name,
      item: absoluteUrl(item.path),
    })),
  };
}

export function websiteJsonLd(): JsonLd {
  const { siteName } = getEnv();
  return {
    "@context": "https://schema.org",
    "@type": "WebSite",
    name: siteName,
    url: absoluteUrl(paths.home()),
    inLanguage: "ar",
    potentialAction: {
      "@type": "SearchAction",
      target: absoluteUrl(paths.searchTemplate()),
      "query-input": "required name=search_term_string",
    },
  };
}

export function organizationJsonLd(): JsonLd {
  return { "@context": "https://schema.org", ...publisher() };
}

// Inside <script>, "</script>" or "<!--" in a headline would end or change the script; JSON's
// \u escapes keep the same data without those characters. U+2028/2029 are escaped for old
// JavaScript parsers that treat them as line ends inside strings.
const UNSAFE_IN_SCRIPT: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

export function serializeJsonLd(value: unknown): string {
  const json = JSON.stringify(value) ?? "null";
  return json.replace(/[<>&\u2028\u2029]/g, (character) => UNSAFE_IN_SCRIPT[character] ?? character);
}
