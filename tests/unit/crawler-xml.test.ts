import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { bodyFromBlocks, bodyFromPlainText } from "@/lib/articles/body-text";
import { buildRssFeed, RSS_DESCRIPTION_FALLBACK_CHARS, rssItemDescription, type RssItem } from "@/lib/seo/feed-xml";
import { buildNewsUrlset, buildSitemapIndex, buildUrlset, NEWS_NAMESPACE, SITEMAP_NAMESPACE } from "@/lib/seo/sitemap-xml";
import { cdata, escapeXml } from "@/lib/seo/xml";

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", cdataPropName: "#cdata" });

describe("escapeXml and cdata", () => {
  it("escapes the five XML specials and drops characters XML cannot carry", () => {
    expect(escapeXml(`a & b < c > "d" 'e'\u0000\u0008\uD800`)).toBe("a &amp; b &lt; c &gt; &quot;d&quot; &apos;e&apos;");
  });

  it("keeps a CDATA section whole when the text itself contains ]]>", () => {
    const html = "<p>x]]>y</p>]]>";
    const xml = `<root>${cdata(html)}</root>`;
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = parser.parse(xml) as { root: { "#cdata": string | string[] } };
    const text = [parsed.root["#cdata"]].flat().join("");
    expect(text).toBe(html);
  });
});

describe("sitemap builders", () => {
  it("writes an index and a urlset in the sitemaps.org namespace, escaping loc", () => {
    const index = buildSitemapIndex([{ loc: "https://x.example/s.xml?a=1&b=2", lastmod: "2026-03-01T12:00:00+03:00" }]);
    expect(XMLValidator.validate(index)).toBe(true);
    expect(index).toContain(`<sitemapindex xmlns="${SITEMAP_NAMESPACE}">`);
    expect(index).toContain("<loc>https://x.example/s.xml?a=1&amp;b=2</loc><lastmod>2026-03-01T12:00:00+03:00</lastmod>");
    const urlset = buildUrlset([{ loc: "https://x.example/a", lastmod: null }]);
    expect(XMLValidator.validate(urlset)).toBe(true);
    expect(urlset).toContain("<url><loc>https://x.example/a</loc></url>");
  });

  it("writes Google News entries, and an empty window as a valid empty urlset", () => {
    const news = buildNewsUrlset([
      {
        loc: "https://x.example/news/1/a",
        publicationName: "مرصد <الأخبار>",
        language: "ar",
        publicationDate: "2026-03-01T12:00:00+03:00",
        title: "عنوان & تفاصيل",
      },
    ]);
    expect(XMLValidator.validate(news)).toBe(true);
    expect(news).toContain(`xmlns:news="${NEWS_NAMESPACE}"`);
    const url = (parser.parse(news) as { urlset: { url: { "news:news": Record<string, unknown> } } }).urlset.url;
    expect(url["news:news"]).toEqual({
      "news:publication": { "news:name": "مرصد <الأخبار>", "news:language": "ar" },
      "news:publication_date": "2026-03-01T12:00:00+03:00",
      "news:title": "عنوان & تفاصيل",
    });
    const empty = buildNewsUrlset([]);
    expect(XMLValidator.validate(empty)).toBe(true);
    expect(empty).toContain("<urlset");
  });
});

describe("buildRssFeed", () => {
  const item: RssItem = {
    title: "عنوان",
    link: "https://x.example/news/1/%D8%A7",
    guid: "https://x.example/news/1",
    pubDate: "Sun, 01 Mar 2026 09:00:00 +0000",
    description: "موجز",
    contentHtml: "<p>نص ]]> خطر</p>",
    creators: ["سلمى حداد"],
    categories: [{ name: "روسيا", domain: "https://x.example/tag/%D8%B1" }],
    media: { url: "https://x.example/media/a.webp", type: "image/webp", width: 1600, height: 900, description: "رسم" },
  };

  it("writes a valid RSS 2.0 channel with its namespaces and a self link", () => {
    const xml = buildRssFeed(
      {
        title: "مرصد",
        link: "https://x.example/",
        description: "آخر الأخبار",
        selfUrl: "https://x.example/feed.xml",
        language: "ar",
        lastBuildDate: "Sun, 01 Mar 2026 09:00:00 +0000",
      },
      [item],
    );
    expect(XMLValidator.validate(xml)).toBe(true);
    const rss = (parser.parse(xml) as { rss: Record<string, unknown> & { channel: Record<string, unknown> } }).rss;
    expect(rss["@version"]).toBe("2.0");
    expect(rss["@xmlns:atom"]).toBe("http://www.w3.org/2005/Atom");
    expect(rss["@xmlns:content"]).toBe("http://purl.org/rss/1.0/modules/content/");
    expect(rss["@xmlns:media"]).toBe("http://search.yahoo.com/mrss/");
    expect(rss.channel["atom:link"]).toEqual({ "@rel": "self", "@type": "application/rss+xml", "@href": "https://x.example/feed.xml" });
    const parsedItem = rss.channel.item as Record<string, unknown>;
    expect(parsedItem.guid).toEqual({ "#text": "https://x.example/news/1", "@isPermaLink": "false" });
    expect([(parsedItem["content:encoded"] as { "#cdata": string | string[] })["#cdata"]].flat().join("")).toBe(item.contentHtml);
    expect(parsedItem["media:content"]).toMatchObject({ "@url": item.media!.url, "@width": "1600", "@height": "900" });
    expect(parsedItem.category).toEqual({ "#text": "روسيا", "@domain": "https://x.example/tag/%D8%B1" });
  });
});

describe("rssItemDescription", () => {
  const channel = {
    title: "مرصد",
    link: "https://x.example/",
    description: "آخر الأخبار",
    selfUrl: "https://x.example/feed.xml",
    language: "ar",
    lastBuildDate: "Sun, 01 Mar 2026 09:00:00 +0000",
  };
  // 26 words of 7 to 9 characters: about 230 characters of running text over two paragraphs.
  const words = Array.from({ length: 26 }, (_, index) => `كلمة${index + 1}ـنص`);
  const longBody = bodyFromBlocks([{ h2: words.slice(0, 3).join(" ") }, words.slice(3, 14).join(" "), words.slice(14).join(" ")]);

  it("is the dek when the story has one", () => {
    expect(rssItemDescription("  موجز الخبر ", longBody)).toBe("موجز الخبر");
  });

  it("falls back to the start of the body, cut between words with «…», when the dek is empty", () => {
    const description = rssItemDescription("", longBody);
    expect(description.endsWith("…")).toBe(true);
    const kept = description.slice(0, -1);
    expect(kept.length).toBeLessThanOrEqual(RSS_DESCRIPTION_FALLBACK_CHARS);
    expect(kept.length).toBeGreaterThan(RSS_DESCRIPTION_FALLBACK_CHARS - 12);
    // Whole words only, paragraphs and heading joined by single spaces.
    expect(kept).toBe(words.slice(0, kept.split(" ").length).join(" "));
    expect(words).toContain(kept.split(" ").at(-1));
  });

  it("keeps a short body whole, and escapes it as HTML like a dek", () => {
    expect(rssItemDescription("   ", bodyFromPlainText("سطر <b>أول</b>\nوثانٍ"))).toBe("سطر &lt;b&gt;أول&lt;/b&gt; وثانٍ");
  });

  it("gives a story without a dek a <description> in the feed", () => {
    const item: RssItem = {
      title: "عنوان",
      link: "https://x.example/news/2/%D8%A8",
      guid: "https://x.example/news/2",
      pubDate: "Sun, 01 Mar 2026 09:00:00 +0000",
      description: rssItemDescription("", bodyFromPlainText("بداية المتن & تفاصيله.")),
      contentHtml: "<p>بداية المتن &amp; تفاصيله.</p>",
      creators: [],
      categories: [],
      media: null,
    };
    const xml = buildRssFeed(channel, [item]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsedItem = (parser.parse(xml) as { rss: { channel: { item: Record<string, unknown> } } }).rss.channel.item;
    // XML-decoded once, the description is HTML for the reader to render: the & is still escaped.
    expect(parsedItem.description).toBe("بداية المتن &amp; تفاصيله.");
  });
});
