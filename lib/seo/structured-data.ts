import { getEnv } from "@/lib/env";
import { toIsoWithOffset } from "@/lib/i18n/dates";
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
