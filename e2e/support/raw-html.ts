import { expect, type APIRequestContext } from "@playwright/test";

// Raw server HTML as a crawler receives it: no browser, no JavaScript. A few regular expressions
// are enough for the markup React renders (double-quoted attributes, no comments in <head>).

export const USER_AGENTS = {
  Googlebot: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  Bingbot: "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
  "empty User-Agent": "",
  "desktop Chrome":
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
} as const;

export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?[+-]\d{2}:\d{2}$/;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === "#") return String.fromCodePoint(code[1]?.toLowerCase() === "x" ? parseInt(code.slice(2), 16) : Number(code.slice(1)));
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

export function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(/([^\s=/>]+)(?:\s*=\s*"([^"]*)")?/g)) {
    attributes[match[1]!.toLowerCase()] = decodeEntities(match[2] ?? "");
  }
  return attributes;
}

/** Visible text of an HTML fragment: tags dropped, entities decoded, spaces collapsed. */
export function textOf(fragment: string): string {
  return decodeEntities(fragment.replace(/<[^>]*>/g, "")).replace(/\s+/g, " ").trim();
}

export type Head = {
  titles: string[];
  metas: Record<string, string>[];
  links: Record<string, string>[];
  /** Every value of <meta name=key> or <meta property=key>, in document order. */
  meta(key: string): string[];
  /** The single value of a meta tag; fails the test when it is missing or repeated. */
  one(key: string): string;
};

export function parseHead(head: string): Head {
  const metas = [...head.matchAll(/<meta\b([^>]*)>/gi)].map((match) => parseAttributes(match[1]!));
  const links = [...head.matchAll(/<link\b([^>]*)>/gi)].map((match) => parseAttributes(match[1]!));
  const titles = [...head.matchAll(/<title\b[^>]*>([\s\S]*?)<\/title>/gi)].map((match) => decodeEntities(match[1]!));
  const meta = (key: string) => metas.filter((m) => m.name === key || m.property === key).map((m) => m.content ?? "");
  return {
    titles,
    metas,
    links,
    meta,
    one(key) {
      const values = meta(key);
      expect(values, `exactly one <meta ${key}> in <head>`).toHaveLength(1);
      return values[0]!;
    },
  };
}

export type RawPage = { status: number; html: string; head: string; body: string };

export async function getRaw(request: APIRequestContext, url: string, userAgent: string = USER_AGENTS["desktop Chrome"]): Promise<RawPage> {
  const response = await request.get(url, { headers: { "User-Agent": userAgent }, maxRedirects: 0 });
  const html = await response.text();
  const end = html.indexOf("</head>");
  return { status: response.status(), html, head: end >= 0 ? html.slice(0, end) : "", body: end >= 0 ? html.slice(end) : html };
}

/** Every <a> in a fragment with its decoded href and visible text. */
export function anchors(fragment: string): { href: string; text: string; inner: string; attributes: Record<string, string> }[] {
  return [...fragment.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi)].map((match) => {
    const attributes = parseAttributes(match[1]!);
    return { href: attributes.href ?? "", text: textOf(match[2]!), inner: match[2]!, attributes };
  });
}

/** Parsed JSON-LD blocks, flattened (a script may hold an array), with their raw script text. */
export function jsonLdBlocks(html: string): { raw: string[]; items: Record<string, unknown>[] } {
  const raw = [...html.matchAll(/<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/gi)].map((match) => match[1]!);
  const items = raw.flatMap((text) => [JSON.parse(text) as Record<string, unknown> | Record<string, unknown>[]].flat());
  return { raw, items };
}
