import { expect, test, type APIRequestContext } from "@playwright/test";
import { demoStories } from "@/db/seed/demo-content";
import { baseURL } from "../playwright.config";
import { anchors, decodeEntities, getRaw, ISO_WITH_OFFSET, jsonLdBlocks, parseHead, USER_AGENTS } from "./support/raw-html";

// schema.org JSON-LD as Googlebot receives it (issue 5): NewsArticle and BreadcrumbList on
// stories, WebSite and Organization on the home page, checked against the visible page and the
// Open Graph tags of the same response.

const SITE_NAME = process.env.SITE_NAME || "مرصد الأخبار";
const ABSOLUTE = new RegExp(`^${baseURL.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/[\\x21-\\x7e]*$`);
const withCorrection = demoStories.filter((story) => story.correction);
const withoutCorrection = demoStories.find((story) => !story.correction && !story.isBreaking)!;
const breaking = demoStories.find((story) => story.isBreaking && !story.correction)!;

type Thing = Record<string, unknown>;

async function storyPath(request: APIRequestContext, title: string): Promise<string> {
  const results = await getRaw(request, `/search?q=${encodeURIComponent(title)}`);
  const href = anchors(results.body.slice(results.body.indexOf("<main"))).find((a) => a.text === title)?.href;
  expect(href, `«${title}» is found by search`).toBeTruthy();
  return href!;
}

async function storyJsonLd(request: APIRequestContext, path: string) {
  const page = await getRaw(request, path, USER_AGENTS.Googlebot);
  expect(page.status).toBe(200);
  const { raw, items } = jsonLdBlocks(page.html);
  expect(raw.length).toBeGreaterThan(0);
  for (const text of raw) expect(text, "no raw < inside a JSON-LD script").not.toContain("<");
  const article = items.find((item) => item["@type"] === "NewsArticle");
  const breadcrumbs = items.find((item) => item["@type"] === "BreadcrumbList");
  expect(article, "a NewsArticle").toBeTruthy();
  expect(breadcrumbs, "a BreadcrumbList").toBeTruthy();
  return { page, head: parseHead(page.head), article: article!, breadcrumbs: breadcrumbs! };
}

test.describe("story JSON-LD", () => {
  for (const story of [withoutCorrection, breaking, ...withCorrection]) {
    test(`NewsArticle and BreadcrumbList: ${story.key}`, async ({ request }) => {
      const path = await storyPath(request, story.title);
      const { page, head, article, breadcrumbs } = await storyJsonLd(request, path);
      const canonical = head.links.find((link) => link.rel === "canonical")!.href;
      expect(canonical).toBe(`${baseURL}${path}`);

      expect(article["@context"]).toBe("https://schema.org");
      const h1 = page.body.match(/<h1\b[^>]*>([\s\S]*?)<\/h1>/);
      expect(h1).toBeTruthy();
      // The h1's textContent is the headline alone, as screen readers and text extractors read it:
      // a breaking story's «عاجل» badge sits before the h1, not inside it.
      const h1Text = decodeEntities(h1![1]!.replace(/<[^>]*>/g, "")).trim();
      expect(h1Text).toBe(article.headline);
      expect(article.headline).toBe(story.title);
      const header = page.body.match(/<header class="article-header">([\s\S]*?)<h1\b/);
      expect(header, "the article header opens before the h1").toBeTruthy();
      expect(header![1]!.includes('class="badge-breaking"'), "«عاجل» is shown above the headline").toBe(Boolean(story.isBreaking));

      const images = article.image as unknown[];
      expect(Array.isArray(images)).toBe(true);
      expect(images.length).toBeGreaterThan(0);
      for (const image of images) expect(image).toMatch(ABSOLUTE);

      const published = article.datePublished as string;
      const modified = article.dateModified as string;
      expect(published).toMatch(ISO_WITH_OFFSET);
      expect(modified).toMatch(ISO_WITH_OFFSET);
      expect(Date.parse(modified)).toBeGreaterThanOrEqual(Date.parse(published));
      expect(published).toBe(head.one("article:published_time"));
      expect(modified).toBe(head.one("article:modified_time"));

      const authors = article.author as Thing[];
      expect(Array.isArray(authors)).toBe(true);
      expect(authors.length).toBe(story.authors.length);
      for (const author of authors) {
        expect(author["@type"]).toBe("Person");
        expect(String(author.name).length).toBeGreaterThan(0);
        expect(author.url).toMatch(ABSOLUTE);
        const authorPage = await request.get(author.url as string, { maxRedirects: 0 });
        expect(authorPage.status(), `${author.url as string}`).toBe(200);
      }
      expect(authors.map((author) => author.url)).toEqual(head.meta("article:author"));

      const publisher = article.publisher as Thing;
      expect(publisher["@type"]).toBe("Organization");
      expect(publisher.name).toBe(SITE_NAME);
      const logo = publisher.logo as Thing | string;
      expect(typeof logo === "string" ? logo : logo.url).toMatch(ABSOLUTE);

      expect((article.mainEntityOfPage as Thing)["@id"]).toBe(canonical);
      expect(article.articleSection).toBe(head.one("article:section"));
      expect(article.keywords).toEqual(head.meta("article:tag"));
      expect(article.keywords).toEqual(anchors(page.body).filter((a) => a.href.startsWith("/tag/")).map((a) => a.text));
      expect(article.inLanguage).toBe("ar");
      expect(article.isAccessibleForFree).toBe(true);

      if (story.correction) {
        const correction = article.correction as Thing;
        expect(correction, "the correction is published in the JSON-LD").toBeTruthy();
        expect(correction.text).toBe(story.correction);
        expect(correction.datePublished).toMatch(ISO_WITH_OFFSET);
      } else {
        expect(article).not.toHaveProperty("correction");
      }

      const items = breadcrumbs.itemListElement as Thing[];
      expect(items.map((item) => item.position)).toEqual([1, 2, 3]);
      for (const item of items) {
        expect(item["@type"]).toBe("ListItem");
        expect(item.item).toMatch(ABSOLUTE);
        expect(String(item.name).length).toBeGreaterThan(0);
      }
      expect(items[0]!.item).toBe(`${baseURL}/`);
      expect(items[1]!.item).toMatch(new RegExp(`^${baseURL}/section/`));
      expect(items[1]!.name).toBe(article.articleSection);
      expect(items[2]!.item).toBe(canonical);
      expect(items[2]!.name).toBe(story.title);
      expect((await request.get(items[1]!.item as string)).status()).toBe(200);
    });
  }
});

test("home JSON-LD: WebSite with a SearchAction, and Organization", async ({ request }) => {
  const page = await getRaw(request, "/", USER_AGENTS.Googlebot);
  expect(page.status).toBe(200);
  const { raw, items } = jsonLdBlocks(page.html);
  for (const text of raw) expect(text).not.toContain("<");
  const website = items.find((item) => item["@type"] === "WebSite");
  const organization = items.find((item) => item["@type"] === "Organization");
  expect(website).toBeTruthy();
  expect(organization).toBeTruthy();
  expect(website!.url).toBe(`${baseURL}/`);
  expect(website!.name).toBe(SITE_NAME);
  const action = website!.potentialAction as Thing;
  expect(action["@type"]).toBe("SearchAction");
  const target = typeof action.target === "string" ? action.target : (action.target as Thing).urlTemplate;
  expect(target).toBe(`${baseURL}/search?q={search_term_string}`);
  expect(action["query-input"]).toBe("required name=search_term_string");
  expect(organization!.name).toBe(SITE_NAME);
  expect(organization!.url).toBe(`${baseURL}/`);
  const logo = organization!.logo as Thing;
  expect(logo.url).toMatch(ABSOLUTE);
  expect((await request.get(logo.url as string)).status()).toBe(200);
});
