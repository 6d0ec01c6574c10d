import type { ArticleBody } from "@/lib/articles/body-schema";
import { bodyExcerpt, escapeHtml } from "@/lib/articles/body-text";
import { cdata, escapeXml, textElement, XML_DECLARATION } from "@/lib/seo/xml";

// A pure RSS 2.0 builder. Callers pass absolute, percent-encoded URLs, RFC 822 dates and body HTML
// that is already safe (lib/articles/body-text.ts bodyToHtml); this module only serialises.

export const RSS_NAMESPACES = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  media: "http://search.yahoo.com/mrss/",
  dc: "http://purl.org/dc/elements/1.1/",
} as const;

export type RssChannel = {
  title: string;
  link: string;
  description: string;
  selfUrl: string;
  language: string;
  lastBuildDate: string;
};

export type RssMedia = { url: string; type: string; width: number; height: number; description: string };

export type RssItem = {
  title: string;
  link: string;
  guid: string;
  pubDate: string;
  description: string;
  contentHtml: string;
  creators: string[];
  categories: { name: string; domain: string }[];
  media: RssMedia | null;
  /** RSS 2.0 <source>: the outlet's name and its feed (or page) the story came from. */
  source?: { name: string; url: string } | null;
};

/** How much of the body stands in for a missing dek: about a feed reader's two-line summary. */
export const RSS_DESCRIPTION_FALLBACK_CHARS = 200;

/**
 * An item's <description>: the dek, or for a story without one the start of its body, so no item
 * reaches a reader without a summary. RSS readers render <description> as HTML, so the plain text
 * is HTML-escaped here (and XML-escaped again by the builder); escaped once, «<img onerror=…>» in a
 * dek would be live markup.
 */
export function rssItemDescription(dek: string, body: ArticleBody): string {
  return escapeHtml(dek.trim() || bodyExcerpt(body, RSS_DESCRIPTION_FALLBACK_CHARS));
}

function mediaElement(media: RssMedia): string {
  return (
    `<media:content url="${escapeXml(media.url)}" type="${escapeXml(media.type)}" medium="image"` +
    ` width="${media.width}" height="${media.height}">` +
    (media.description ? `<media:description type="plain">${escapeXml(media.description)}</media:description>` : "") +
    `</media:content>`
  );
}

function itemElement(item: RssItem): string {
  const parts = [
    textElement("title", item.title),
    textElement("link", item.link),
    `<guid isPermaLink="false">${escapeXml(item.guid)}</guid>`,
    textElement("pubDate", item.pubDate),
    ...item.creators.map((creator) => textElement("dc:creator", creator)),
    ...item.categories.map(
      (category) => `<category domain="${escapeXml(category.domain)}">${escapeXml(category.name)}</category>`,
    ),
    item.source ? `<source url="${escapeXml(item.source.url)}">${escapeXml(item.source.name)}</source>` : "",
    textElement("description", item.description),
    `<content:encoded>${cdata(item.contentHtml)}</content:encoded>`,
    item.media ? mediaElement(item.media) : "",
  ];
  return `<item>${parts.join("")}</item>`;
}

export function buildRssFeed(channel: RssChannel, items: RssItem[]): string {
  const namespaces = Object.entries(RSS_NAMESPACES)
    .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
    .join(" ");
  return [
    XML_DECLARATION,
    `<rss version="2.0" ${namespaces}>`,
    "<channel>",
    textElement("title", channel.title),
    textElement("link", channel.link),
    textElement("description", channel.description),
    textElement("language", channel.language),
    `<atom:link rel="self" type="application/rss+xml" href="${escapeXml(channel.selfUrl)}"/>`,
    textElement("lastBuildDate", channel.lastBuildDate),
    ...items.map(itemElement),
    "</channel>",
    "</rss>",
    "",
  ].join("\n");
}
