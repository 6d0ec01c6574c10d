import { expect, test, type APIRequestContext } from "@playwright/test";
import { demoStories } from "@/db/seed/demo-content";
import { baseURL } from "../playwright.config";
import { anchors, getRaw, ISO_WITH_OFFSET, parseHead, textOf, USER_AGENTS, type Head } from "./support/raw-html";

// The <head> every crawler must find in the raw HTML (issue 5). Next.js streams metadata into
// <body> for clients it does not list in htmlLimitedBots; each check runs for Googlebot, Bingbot,
// an empty User-Agent and a desktop Chrome, and reads only what comes before </head>.

const SITE_NAME = process.env.SITE_NAME || "مرصد الأخبار";
const INDEXABLE = "index, follow, max-image-preview:large";
// Printable ASCII with no spaces: a percent-encoded absolute URL.
const ASCII_URL = /^https?:\/\/[\x21-\x7e]+$/;
const story = demoStories.find((candidate) => candidate.key === "peskov-eu-sanctions")!;

type Urls = { home: string; story: string; tag: string; section: string; author: string; search: string };
let urls: Urls;

/** The page URLs, found as a crawler would: search → story → its tag, section and author links. */
async function discoverUrls(request: APIRequestContext): Promise<Urls> {
  const search = `/search?q=${encodeURIComponent(story.title)}`;
  const results = await getRaw(request, search);
  const storyPath = anchors(results.body.slice(results.body.indexOf("<main"))).find((a) => a.text === story.title)?.href;
  expect(storyPath, "the story is found by its title").toBeTruthy();
  const page = await getRaw(request, storyPath!);
  expect(page.status).toBe(200);
  const links = anchors(page.body);
  const breadcrumbs = anchors(page.body.slice(page.body.indexOf('class="breadcrumbs"')));
  const tag = links.find((a) => a.href.startsWith("/tag/"))!.href;
  const section = breadcrumbs.find((a) => a.href.startsWith("/section/"))!.href;
  const author = links.find((a) => a.attributes.rel === "author")!.href;
  return { home: "/", story: storyPath!, tag, section, author, search };
}

test.beforeAll(async ({ request }) => {
  urls = await discoverUrls(request);
});

function expectCanonical(head: Head, path: string) {
  const canonicals = head.links.filter((link) => link.rel === "canonical").map((link) => link.href);
  expect(canonicals).toHaveLength(1);
  const canonical = canonicals[0]!;
  expect(canonical).toMatch(ASCII_URL);
  // Next.js writes the root URL as the bare origin; "http://host" and "http://host/" are one URL.
  if (path === "/") expect(new URL(canonical).href).toBe(`${baseURL}/`);
  else expect(canonical).toBe(`${baseURL}${path}`);
  expect(head.one("og:url")).toBe(canonical);
  return canonical;
}

function expectCommonHead(head: Head, kind: "article" | "website") {
  expect(head.titles, "one <title>").toHaveLength(1);
  expect(head.one("og:type")).toBe(kind);
  expect(head.one("og:site_name")).toBe(SITE_NAME);
  expect(head.one("og:locale")).toBe("ar");
  expect(head.one("og:title").length).toBeGreaterThan(0);
  expect(head.one("og:description").length).toBeGreaterThan(0);
  const image = head.one("og:image");
  expect(image).toMatch(ASCII_URL);
  expect(image.startsWith(`${baseURL}/`)).toBe(true);
  expect(Number(head.one("og:image:width"))).toBeGreaterThan(0);
  expect(Number(head.one("og:image:height"))).toBeGreaterThan(0);
  expect(head.one("og:image:alt").trim().length).toBeGreaterThan(0);
  expect(head.one("twitter:card")).toBe("summary_large_image");
  expect(head.one("twitter:title").length).toBeGreaterThan(0);
  expect(head.one("twitter:description").length).toBeGreaterThan(0);
  expect(head.one("twitter:image")).toMatch(ASCII_URL);
  expect(head.one("description")).toBe(head.one("og:description"));
}

function rssLinks(head: Head): string[] {
  return head.links.filter((link) => link.rel === "alternate" && link.type === "application/rss+xml").map((link) => link.href ?? "");
}

/** The head of `path` for every User-Agent; the checks must hold for each of them. */
async function forEveryAgent(request: APIRequestContext, path: string, check: (head: Head, body: string) => void | Promise<void>) {
  for (const [agent, userAgent] of Object.entries(USER_AGENTS)) {
    await test.step(agent, async () => {
      const page = await getRaw(request, path, userAgent);
      expect(page.status, `${path} as ${agent}`).toBe(200);
      expect(page.head, "the document has a <head>").toContain("<head");
      await check(parseHead(page.head), page.body);
      // Nothing a crawler reads in <head> may be streamed into <body> instead.
      expect(page.body).not.toMatch(/<meta\s[^>]*(property="og:|name="(description|robots|twitter:))/);
      expect(page.body).not.toMatch(/<link\s[^>]*rel="canonical"/);
    });
  }
}

test.describe("head metadata, as every crawler reads it", () => {
  test("home", async ({ request }) => {
    await forEveryAgent(request, urls.home, (head) => {
      // The home title carries the site name itself instead of the " | site" template.
      expect(head.titles[0]).toContain(SITE_NAME);
      expect(head.one("robots")).toBe(INDEXABLE);
      expectCanonical(head, "/");
      expectCommonHead(head, "website");
      expect(rssLinks(head)).toEqual([`${baseURL}/feed.xml`]);
    });
  });

  test("story", async ({ request }) => {
    await forEveryAgent(request, urls.story, (head, body) => {
      expect(head.titles[0]).toBe(`${story.title} | ${SITE_NAME}`);
      expect(head.one("description")).toBe(story.dek);
      expect(head.one("robots")).toBe(INDEXABLE);
      const canonical = expectCanonical(head, urls.story);
      expect(canonical).toMatch(/%D8|%D9/); // the Arabic slug, percent-encoded
      expectCommonHead(head, "article");
      expect(head.one("og:title")).toBe(story.title);
      expect(head.one("twitter:description")).toBe(story.dek);

      const published = head.one("article:published_time");
      const modified = head.one("article:modified_time");
      expect(published).toMatch(ISO_WITH_OFFSET);
      expect(modified).toMatch(ISO_WITH_OFFSET);
      expect(Date.parse(modified)).toBeGreaterThanOrEqual(Date.parse(published));

      const sectionName = textOf(body.match(/<a href="\/section\/[^"]*">([\s\S]*?)<\/a>/)![1]!);
      const breadcrumbs = anchors(body.slice(body.indexOf('class="breadcrumbs"')));
      expect(head.one("article:section")).toBe(breadcrumbs.find((a) => a.href.startsWith("/section/"))!.text);
      expect(sectionName.length).toBeGreaterThan(0);

      const visibleTags = anchors(body).filter((a) => a.href.startsWith("/tag/")).map((a) => a.text);
      expect(visibleTags.length).toBe(story.tags.length);
      expect(head.meta("article:tag")).toEqual(visibleTags);

      const authorPages = anchors(body).filter((a) => a.attributes.rel === "author").map((a) => `${baseURL}${a.href}`);
      expect(authorPages.length).toBeGreaterThan(0);
      expect(head.meta("article:author")).toEqual(authorPages);

      const feeds = rssLinks(head);
      expect(feeds).toContain(`${baseURL}/feed.xml`);
    });
  });

  for (const kind of ["tag", "section"] as const) {
    test(kind, async ({ request }) => {
      await forEveryAgent(request, urls[kind], async (head) => {
        expect(head.titles[0]).toMatch(new RegExp(`^.+ \\| ${SITE_NAME}$`));
        expect(head.one("robots")).toBe(INDEXABLE);
        const canonical = expectCanonical(head, urls[kind]);
        expectCommonHead(head, "website");
        expect(rssLinks(head)).toEqual([`${baseURL}/feed.xml`, `${canonical}/feed.xml`]);
      });
      const ownFeed = await request.get(`${urls[kind]}/feed.xml`);
      expect(ownFeed.status()).toBe(200);
      expect(ownFeed.headers()["content-type"]).toContain("application/rss+xml");
    });
  }

  test("author", async ({ request }) => {
    await forEveryAgent(request, urls.author, (head) => {
      expect(head.titles[0]).toMatch(new RegExp(`^.+ \\| ${SITE_NAME}$`));
      expect(head.one("robots")).toBe(INDEXABLE);
      expectCanonical(head, urls.author);
      expectCommonHead(head, "website");
      expect(rssLinks(head)).toEqual([`${baseURL}/feed.xml`]);
    });
  });

  test("search results are not indexed", async ({ request }) => {
    await forEveryAgent(request, urls.search, (head) => {
      expect(head.titles[0]).toMatch(new RegExp(`^.+ \\| ${SITE_NAME}$`));
      expect(head.one("robots")).toMatch(/(^|,\s*)noindex(\s*,|$)/);
      expectCanonical(head, urls.search);
      expectCommonHead(head, "website");
      expect(rssLinks(head)).toEqual([`${baseURL}/feed.xml`]);
    });
  });
});

const VAGUE_LINK_TEXTS = new Set(["اقرأ المزيد", "اضغط هنا", "المزيد"]);

test("no link's whole text is a bare «اقرأ المزيد», «اضغط هنا» or «المزيد»", async ({ request }) => {
  for (const kind of ["home", "story", "tag", "section", "author"] as const) {
    const page = await getRaw(request, urls[kind]);
    expect(page.status).toBe(200);
    const links = anchors(page.body);
    expect(links.length, `${kind} has links`).toBeGreaterThan(5);
    const vague = links.filter((link) => VAGUE_LINK_TEXTS.has(link.text.trim()));
    expect(vague.map((link) => `${kind}: «${link.text}» → ${link.href}`)).toEqual([]);
    // A link with no text at all would be worse: every link names where it goes.
    const empty = links.filter((link) => !link.text && !link.attributes["aria-label"] && !/<img\b[^>]*alt="[^"]+"/.test(link.inner));
    expect(empty.map((link) => `${kind}: empty link → ${link.href}`)).toEqual([]);
  }
});
