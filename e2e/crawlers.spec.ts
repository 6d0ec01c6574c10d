import { expect, test, type APIRequestContext } from "@playwright/test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { demoStories } from "@/db/seed/demo-content";
import { baseURL } from "../playwright.config";

// What search engines and news aggregators read: robots, sitemaps, the Google News sitemap, RSS,
// the web app manifest and its icons. The server runs on a freshly seeded demo newsroom whose
// stories were published between 0.2 and ~395 hours before it started.

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const RFC_822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/;
// Printable ASCII with no spaces: what a percent-encoded absolute URL is made of.
const ASCII_URL = /^https?:\/\/[\x21-\x7e]+$/;
const CRAWLER_CACHE_CONTROL = "public, max-age=0, s-maxage=300, stale-while-revalidate=600, stale-if-error=86400";
const HOUR = 3_600_000;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  cdataPropName: "#cdata",
  isArray: (name) => ["url", "sitemap", "item", "category"].includes(name),
});

type Entry = { loc: string; lastmod?: string };
type NewsEntry = { loc: string; "news:news": { "news:publication": Record<string, string>; "news:publication_date": string; "news:title": string } };
type RssItem = {
  title: string;
  link: string;
  guid: { "#text": string; "@isPermaLink": string };
  pubDate: string;
  description?: string;
  "content:encoded": { "#cdata": string | string[] };
  "media:content"?: Record<string, string>;
  category?: { "#text": string; "@domain": string }[];
};

async function getXml(request: APIRequestContext, path: string, contentType: string) {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  expect(response.headers()["content-type"]).toBe(contentType);
  const text = await response.text();
  expect(XMLValidator.validate(text), `${path} is well-formed XML`).toBe(true);
  return { text, document: parser.parse(text) as Record<string, unknown> };
}

const getSitemap = (request: APIRequestContext, path: string) => getXml(request, path, "application/xml; charset=utf-8");
const getFeed = (request: APIRequestContext, path: string) => getXml(request, path, "application/rss+xml; charset=utf-8");

function expectAsciiUrls(urls: string[]) {
  expect(urls.length).toBeGreaterThan(0);
  for (const url of urls) {
    expect(url).toMatch(ASCII_URL);
    expect(url.startsWith(`${baseURL}/`)).toBe(true);
  }
}

function cdataText(value: { "#cdata": string | string[] }): string {
  return [value["#cdata"]].flat().join("");
}

test.describe("robots.txt", () => {
  test("keeps crawlers out of private and endless pages and points at both sitemaps", async ({ request }) => {
    const response = await request.get("/robots.txt");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/plain");
    const lines = (await response.text()).split("\n").map((line) => line.trim());
    expect(lines).toEqual(expect.arrayContaining(["User-Agent: *", "Disallow: /admin", "Disallow: /api", "Disallow: /search"]));
    expect(lines).toContain(`Sitemap: ${baseURL}/sitemap.xml`);
    expect(lines).toContain(`Sitemap: ${baseURL}/news-sitemap.xml`);
  });
});

test.describe("sitemaps", () => {
  test("the index lists the story, section, tag and author sitemaps with their last change", async ({ request }) => {
    const { document } = await getSitemap(request, "/sitemap.xml");
    const index = document.sitemapindex as { "@xmlns": string; sitemap: Entry[] };
    expect(index["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    const locs = index.sitemap.map((entry) => entry.loc);
    expectAsciiUrls(locs);
    expect(locs).toEqual(
      expect.arrayContaining([
        `${baseURL}/sitemaps/articles/0.xml`,
        `${baseURL}/sitemaps/sections.xml`,
        `${baseURL}/sitemaps/tags.xml`,
        `${baseURL}/sitemaps/authors.xml`,
      ]),
    );
    for (const entry of index.sitemap) expect(entry.lastmod).toMatch(ISO_WITH_OFFSET);

    // The story sitemap's lastmod is its newest story's change, not the time of the request.
    const chunk = index.sitemap.find((entry) => entry.loc.endsWith("/sitemaps/articles/0.xml"))!;
    const { document: child } = await getSitemap(request, "/sitemaps/articles/0.xml");
    const childLastmods = (child.urlset as { url: Entry[] }).url.map((url) => Date.parse(url.lastmod!));
    expect(Date.parse(chunk.lastmod!)).toBe(Math.max(...childLastmods));
  });

  test("a story sitemap lists every public story once, with seeded (not request-time) dates", async ({ request }) => {
    const { document } = await getSitemap(request, "/sitemaps/articles/0.xml");
    const urlset = document.urlset as { "@xmlns": string; url: Entry[] };
    expect(urlset["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    const locs = urlset.url.map((url) => url.loc);
    expectAsciiUrls(locs);
    expect(new Set(locs).size).toBe(locs.length);
    // Other specs may publish stories of their own; the demo newsroom is all there.
    expect(locs.length).toBeGreaterThanOrEqual(demoStories.length);
    expect(locs.length).toBeLessThanOrEqual(50_000);
    for (const loc of locs) expect(loc).toMatch(/\/news\/\d+\/[A-Za-z0-9%._~-]+$/);
    for (const url of urlset.url) expect(url.lastmod).toMatch(ISO_WITH_OFFSET);
    const oldest = Math.min(...urlset.url.map((url) => Date.parse(url.lastmod!)));
    expect(Date.now() - oldest).toBeGreaterThan(300 * HOUR);
  });

  test("an unknown or malformed story sitemap is a 404", async ({ request }) => {
    expect((await request.get("/sitemaps/articles/999.xml")).status()).toBe(404);
    expect((await request.get("/sitemaps/articles/zero.xml")).status()).toBe(404);
  });

  test("sections, tags and authors sitemaps list their public pages", async ({ request }) => {
    const sections = ((await getSitemap(request, "/sitemaps/sections.xml")).document.urlset as { url: Entry[] }).url;
    const sectionLocs = sections.map((url) => url.loc);
    expectAsciiUrls(sectionLocs);
    expect(sectionLocs).toContain(`${baseURL}/`);
    expect(sectionLocs).toContain(`${baseURL}/section/${encodeURIComponent("سياسة")}`);
    expect(sectionLocs.length).toBe(7);

    const tags = ((await getSitemap(request, "/sitemaps/tags.xml")).document.urlset as { url: Entry[] }).url;
    expectAsciiUrls(tags.map((url) => url.loc));
    expect(tags.length).toBeGreaterThan(20);
    for (const url of tags) {
      expect(url.loc.startsWith(`${baseURL}/tag/`)).toBe(true);
      expect(url.lastmod).toMatch(ISO_WITH_OFFSET);
    }

    const authors = ((await getSitemap(request, "/sitemaps/authors.xml")).document.urlset as { url: Entry[] }).url;
    const authorLocs = authors.map((url) => url.loc);
    expectAsciiUrls(authorLocs);
    for (const slug of ["salma-haddad", "karim-mansour", "nour-khatib", "yousef-amer", "rana-saleh"]) {
      expect(authorLocs).toContain(`${baseURL}/author/${slug}`);
    }
  });
});

test.describe("Google News sitemap", () => {
  test("lists stories first published in the last 48 hours, newest first", async ({ request }) => {
    const { document } = await getSitemap(request, "/news-sitemap.xml");
    const urlset = document.urlset as { "@xmlns": string; "@xmlns:news": string; url: NewsEntry[] };
    expect(urlset["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(urlset["@xmlns:news"]).toBe("http://www.google.com/schemas/sitemap-news/0.9");
    expectAsciiUrls(urlset.url.map((url) => url.loc));
    expect(urlset.url.length).toBeLessThanOrEqual(1000);

    const now = Date.now();
    const dates = urlset.url.map((url) => url["news:news"]["news:publication_date"]);
    for (const date of dates) {
      expect(date).toMatch(ISO_WITH_OFFSET);
      expect(now - Date.parse(date)).toBeLessThan(49 * HOUR);
    }
    expect([...dates].sort((a, b) => Date.parse(b) - Date.parse(a))).toEqual(dates);
    for (const url of urlset.url) {
      expect(url["news:news"]["news:publication"]).toEqual({ "news:name": "مرصد الأخبار", "news:language": "ar" });
    }

    const titles = urlset.url.map((url) => url["news:news"]["news:title"]);
    const newest = [...demoStories].sort((a, b) => a.hoursAgo - b.hoursAgo)[0]!;
    expect(titles).toContain(newest.title);
    for (const story of demoStories) {
      if (story.hoursAgo > 72) expect(titles, story.key).not.toContain(story.title);
      if (story.hoursAgo < 40) expect(titles, story.key).toContain(story.title);
    }
  });
});

test.describe("RSS", () => {
  test("the site feed carries the latest stories in full", async ({ request }) => {
    const { document } = await getFeed(request, "/feed.xml");
    const rss = document.rss as Record<string, string> & { channel: Record<string, unknown> & { item: RssItem[] } };
    expect(rss["@version"]).toBe("2.0");
    expect(rss["@xmlns:atom"]).toBe("http://www.w3.org/2005/Atom");
    expect(rss["@xmlns:content"]).toBe("http://purl.org/rss/1.0/modules/content/");
    expect(rss["@xmlns:media"]).toBe("http://search.yahoo.com/mrss/");
    const { channel } = rss;
    expect(channel.title).toBe("مرصد الأخبار");
    expect(channel.link).toBe(`${baseURL}/`);
    expect(channel.description).toBeTruthy();
    expect(channel.language).toBe("ar");
    expect(channel["atom:link"]).toEqual({ "@rel": "self", "@type": "application/rss+xml", "@href": `${baseURL}/feed.xml` });
    expect(channel.lastBuildDate).toMatch(RFC_822);

    const items = channel.item;
    const publicStories = ((await getSitemap(request, "/sitemaps/articles/0.xml")).document.urlset as { url: Entry[] }).url;
    expect(items.length).toBe(Math.min(50, publicStories.length));
    const pubDates = items.map((item) => Date.parse(item.pubDate));
    expect([...pubDates].sort((a, b) => b - a)).toEqual(pubDates);
    for (const item of items) {
      expect(item.title).toBeTruthy();
      expect(item.pubDate).toMatch(RFC_822);
      expect(item.guid["@isPermaLink"]).toBe("false");
      expect(item.guid["#text"]).toMatch(/\/news\/\d+$/);
      expectAsciiUrls([item.link, item.guid["#text"]]);
      expect(cdataText(item["content:encoded"])).toMatch(/^<(p|h2|h3|blockquote|ul|ol|figure)/);
    }

    const newest = [...demoStories].sort((a, b) => a.hoursAgo - b.hoursAgo)[0]!;
    const first = items.find((item) => item.title === newest.title)!;
    expect(first.description).toBe(newest.dek);
    expect(first.category!.map((category) => category["#text"])).toEqual(newest.tags);
    expectAsciiUrls(first.category!.map((category) => category["@domain"]));
    const media = first["media:content"]!;
    expectAsciiUrls([media["@url"]!]);
    expect(media["@type"]).toBe("image/webp");
    expect(Number(media["@width"])).toBeGreaterThan(0);
    expect(Number(media["@height"])).toBeGreaterThan(0);
    const image = await request.get(media["@url"]!);
    expect(image.status()).toBe(200);
    expect(image.headers()["content-type"]).toBe("image/webp");
  });

  test("a tag feed carries only that tag's stories; an unknown tag is a 404", async ({ request }) => {
    const site = (await getFeed(request, "/feed.xml")).document.rss as { channel: { item: RssItem[] } };
    const category = site.channel.item[0]!.category![0]!;
    const feedPath = `${new URL(category["@domain"]).pathname}/feed.xml`;
    const { document } = await getFeed(request, feedPath);
    const channel = (document.rss as { channel: Record<string, unknown> & { item: RssItem[] } }).channel;
    expect(channel["atom:link"]).toMatchObject({ "@href": `${baseURL}${feedPath}` });
    expect(channel.item.length).toBeGreaterThan(0);
    for (const item of channel.item) {
      expect(item.category!.map((c) => c["#text"])).toContain(category["#text"]);
    }
    expect((await request.get(`/tag/${encodeURIComponent("وسم-لا-وجود-له")}/feed.xml`)).status()).toBe(404);
    // A literal "%" reaches the handler decoded (from %25) and is no slug. (A malformed escape
    // such as %E0%A4%A never reaches it: proxy.ts answers 400, see e2e/input-sweep.spec.ts.)
    expect((await request.get("/tag/%25/feed.xml")).status()).toBe(404);
  });

  test("a section feed carries only that section's stories; an unknown section is a 404", async ({ request }) => {
    const feedPath = `/section/${encodeURIComponent("رياضة")}/feed.xml`;
    const { document } = await getFeed(request, feedPath);
    const channel = (document.rss as { channel: Record<string, unknown> & { item: RssItem[] } }).channel;
    expect(channel.title).toContain("رياضة");
    const sportTitles = new Set(demoStories.filter((story) => story.section === "رياضة").map((story) => story.title));
    const otherDemoTitles = new Set(demoStories.filter((story) => story.section !== "رياضة").map((story) => story.title));
    const titles = channel.item.map((item) => item.title);
    expect(titles.filter((title) => sportTitles.has(title)).length).toBe(sportTitles.size);
    for (const title of titles) expect(otherDemoTitles.has(title)).toBe(false);
    expect((await request.get(`/section/${encodeURIComponent("لا-قسم")}/feed.xml`)).status()).toBe(404);
  });
});

test.describe("CDN caching", () => {
  // A CDN may keep each crawler document five minutes, and serve it stale while it refreshes or
  // for a day while the origin is down (lib/seo/crawler-response.ts).
  test("every sitemap and feed carries the crawler Cache-Control", async ({ request }) => {
    const documents = [
      "/sitemap.xml",
      "/sitemaps/articles/0.xml",
      "/sitemaps/sections.xml",
      "/sitemaps/tags.xml",
      "/sitemaps/authors.xml",
      "/news-sitemap.xml",
      "/feed.xml",
      `/section/${encodeURIComponent("سياسة")}/feed.xml`,
    ];
    for (const path of documents) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(200);
      expect(response.headers()["cache-control"], path).toBe(CRAWLER_CACHE_CONTROL);
    }
  });
});

test.describe("installable web app", () => {
  test("the manifest is Arabic, right to left, with standard and maskable icons that load", async ({ request }) => {
    const response = await request.get("/manifest.webmanifest");
    expect(response.status()).toBe(200);
    const manifest = (await response.json()) as Record<string, unknown> & {
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({
      name: "مرصد الأخبار",
      short_name: "مرصد الأخبار",
      lang: "ar",
      dir: "rtl",
      start_url: "/",
      display: "standalone",
      theme_color: "#8c1c13",
      background_color: "#ffffff",
    });
    const sizes = manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? "any"}`);
    expect(sizes).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
    for (const icon of manifest.icons) {
      const png = await request.get(icon.src);
      expect(png.status(), icon.src).toBe(200);
      expect(png.headers()["content-type"]).toBe("image/png");
      const bytes = await png.body();
      // The IHDR chunk holds the real width and height.
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes);
    }
  });

  test("pages link the manifest, the icon and the Apple touch icon", async ({ page, request }) => {
    await page.goto("/");
    const head = page.locator("head");
    await expect(head.locator('link[rel="manifest"]')).toHaveAttribute("href", /\/manifest\.webmanifest/);
    for (const selector of ['link[rel="icon"][type="image/png"]', 'link[rel="apple-touch-icon"]']) {
      const href = await head.locator(selector).first().getAttribute("href");
      const icon = await request.get(href!);
      expect(icon.status(), selector).toBe(200);
      expect(icon.headers()["content-type"]).toBe("image/png");
    }
  });
});
