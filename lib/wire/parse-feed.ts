import { createHash } from "node:crypto";
import { parseFeed } from "@rowanmanning/feed-parser";
import { htmlToPlainText } from "@/lib/wire/html-to-body";

// From downloaded bytes to the entries the desk stores. Decoding is ours (feeds from Arabic outlets
// still come in windows-1256, or UTF-8 behind a byte-order mark); parsing RSS 2.0, RSS 1.0 (RDF)
// and Atom is @rowanmanning/feed-parser's, which is lenient with real-world feeds but throws when
// nothing feed-like can be read (an HTML error page, a broken document).

export const MAX_ENTRIES_PER_FEED = 200;
export const MAX_ENTRY_TITLE_CHARS = 500;
export const MAX_ENTRY_LEAD_CHARS = 1_000;
export const MAX_ENTRY_HTML_CHARS = 200_000;
export const MAX_ENTRY_URL_CHARS = 500;
const MAX_GUID_CHARS = 400;

export class FeedParseError extends Error {}

/** The text of a feed: the byte-order mark first, then the HTTP charset, then the XML declaration, else UTF-8. */
export function decodeFeed(body: Buffer, contentType: string | null): string {
  let bytes: Uint8Array = body;
  let encoding: string | null = null;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = "utf-8";
    bytes = bytes.subarray(3);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = "utf-16le";
    bytes = bytes.subarray(2);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = "utf-16be";
    bytes = bytes.subarray(2);
  }
  encoding ??= contentType?.match(/charset\s*=\s*"?([\w.:-]+)/i)?.[1] ?? null;
  // The declaration is ASCII in every encoding a feed may use, so reading it as latin1 is safe.
  encoding ??= Buffer.from(bytes.subarray(0, 300)).toString("latin1").match(/^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i)?.[1] ?? null;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding ?? "utf-8");
  } catch {
    throw new FeedParseError(`ترميز غير مدعوم: ${String(encoding).slice(0, 40)}`);
  }
  return decoder.decode(bytes).replace(/^\uFEFF/, "");
}

export type ParsedEntry = {
  /** "guid:…", else "link:…", else "hash:…": what makes an entry the same entry on the next poll. */
  key: string;
  title: string;
  lead: string;
  bodyHtml: string;
  url: string;
  publishedAt: Date | null;
};

export type ParsedFeed = { title: string | null; entries: ParsedEntry[]; skipped: number };

/** Entries of a feed document; throws FeedParseError when the document is not a feed. */
export function parseFeedEntries(text: string, feedUrl: string): ParsedFeed {
  const head = text.trimStart().slice(0, 500).toLowerCase();
  if (head.startsWith("<!doctype html") || head.startsWith("<html")) throw new FeedParseError("الرابط يعيد صفحة HTML لا خلاصة RSS أو Atom");
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(text);
  } catch (error) {
    // The parser's own words (English, with a slice of the XML) go to the log; the desk gets Arabic.
    console.warn(`wire: ${feedUrl} is not a readable feed: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`);
    throw new FeedParseError("ليست خلاصة RSS أو Atom صالحة: المستند معطوب أو ليس XML");
  }
  const entries: ParsedEntry[] = [];
  let skipped = 0;
  for (const item of feed.items.slice(0, MAX_ENTRIES_PER_FEED)) {
    const bodyHtml = (item.content ?? item.description ?? "").slice(0, MAX_ENTRY_HTML_CHARS);
    const lead = cutAtWord(htmlToPlainText(item.description ?? item.content ?? ""), MAX_ENTRY_LEAD_CHARS);
    const title = cutAtWord(htmlToPlainText(item.title ?? ""), MAX_ENTRY_TITLE_CHARS) || cutAtWord(lead, 120);
    const url = absoluteHttpUrl(item.url, feedUrl);
    const published = item.published ?? item.updated;
    const publishedAt = published && !Number.isNaN(published.getTime()) ? published : null;
    if (!title) {
      skipped++;
      continue;
    }
    const guid = item.id?.trim();
    const key = guid
      ? `guid:${guid.slice(0, MAX_GUID_CHARS)}`
      : url
        ? `link:${url}`
        : `hash:${createHash("sha256").update(`${title}\n${publishedAt?.toISOString() ?? ""}`).digest("hex")}`;
    entries.push({ key, title, lead, bodyHtml, url, publishedAt });
  }
  return { title: feed.title, entries, skipped };
}

/** Text cut at a word to at most `max` characters, with an ellipsis when cut. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const slice = text.slice(0, max - 1);
  const lastSpace = slice.lastIndexOf(" ");
  return `${lastSpace > max * 0.6 ? slice.slice(0, lastSpace) : slice}…`;
}

/** An absolute http(s) URL for an item's link, resolved against the feed; "" when there is none. */
export function absoluteHttpUrl(candidate: string | null | undefined, base: string): string {
  if (!candidate) return "";
  try {
    const url = new URL(candidate.trim(), base);
    if (url.protocol !== "http:" && url.protocol !== "https:") return "";
    return url.href.length <= MAX_ENTRY_URL_CHARS ? url.href : "";
  } catch {
    return "";
  }
}
