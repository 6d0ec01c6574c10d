import type { APIRequestContext } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { expect, test } from "./support/fixtures";
import { anchors, getRaw } from "./support/raw-html";

// A story published through the JSON API enters every listing a reader or crawler sees on the
// next request, and leaves every one of them when it is unpublished (issue 5, status codes).

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

async function text(request: APIRequestContext, path: string): Promise<string> {
  const response = await request.get(path, { maxRedirects: 0 });
  expect(response.status(), path).toBe(200);
  return response.text();
}

/** The story sitemaps listed in the index (split by id range). */
async function articleSitemaps(request: APIRequestContext): Promise<string[]> {
  const index = await text(request, "/sitemap.xml");
  const locs = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!);
  const stories = locs.filter((loc) => loc.includes("/sitemaps/articles/"));
  expect(stories.length).toBeGreaterThan(0);
  return stories.map((loc) => loc.replace(baseURL, ""));
}

type Listing = { name: string; path: string; contains: (body: string) => boolean };

test("a story published through the API enters every listing, and leaves them when unpublished", async ({ playwright, editorApiKey: key }) => {
  const api = await playwright.request.newContext({ baseURL });
  const request = api;

  const sections = (await (await api.get("/api/v1/articles?status=published&limit=1", { headers: bearer(key) })).json()) as {
    items: { section: string }[];
  };
  const section = sections.items[0]!.section;
  const stamp = Date.now().toString(36);
  const tagName = `وسم دورة النشر ${stamp}`;
  const created = await api.post("/api/v1/articles", {
    headers: bearer(key),
    data: {
      title: `خبر دورة النشر للزواحف ${stamp}`,
      dek: "خبر يُنشر ثم يُسحب للتحقق من الخلاصات وخرائط الموقع.",
      bodyText: "فقرة أولى من الخبر.\n\nفقرة ثانية من الخبر.",
      section,
      authors: ["e2e-editor"],
      tags: [tagName],
      status: "published",
    },
  });
  expect(created.status()).toBe(201);
  const story = (await created.json()) as { id: number; version: number; url: string; status: string };
  expect(story.status).toBe("published");
  const storyPath = new URL(story.url).pathname;
  const marker = `/news/${story.id}/`;

  const storyPage = await getRaw(request, storyPath);
  expect(storyPage.status).toBe(200);
  const tagPath = anchors(storyPage.body).find((a) => a.href.startsWith("/tag/") && a.text === tagName)?.href;
  expect(tagPath, "the new tag links to its page").toBeTruthy();
  const sectionPath = anchors(storyPage.body.slice(storyPage.body.indexOf('class="breadcrumbs"'))).find((a) => a.href.startsWith("/section/"))!.href;

  const listings: Listing[] = [
    { name: "home", path: "/", contains: (body) => body.includes(`href="${marker}`) },
    { name: "tag page", path: tagPath!, contains: (body) => body.includes(`href="${marker}`) },
    { name: "section page", path: sectionPath, contains: (body) => body.includes(`href="${marker}`) },
    { name: "site feed", path: "/feed.xml", contains: (body) => body.includes(`${baseURL}${marker}`) },
    { name: "tag feed", path: `${tagPath!}/feed.xml`, contains: (body) => body.includes(`${baseURL}${marker}`) },
    { name: "news sitemap", path: "/news-sitemap.xml", contains: (body) => body.includes(`<loc>${story.url}</loc>`) },
  ];
  const inArticleSitemaps = async () => {
    for (const path of await articleSitemaps(request)) {
      if ((await text(request, path)).includes(`<loc>${story.url}</loc>`)) return true;
    }
    return false;
  };

  for (const listing of listings) {
    expect(listing.contains(await text(request, listing.path)), `published story in the ${listing.name}`).toBe(true);
  }
  expect(await inArticleSitemaps(), "published story in a story sitemap").toBe(true);

  const unpublished = await api.patch(`/api/v1/articles/${story.id}`, {
    headers: bearer(key),
    data: { status: "unpublished", version: story.version },
  });
  expect(unpublished.status()).toBe(200);
  expect(((await unpublished.json()) as { status: string }).status).toBe("unpublished");

  for (const listing of listings) {
    if (listing.name === "tag page" || listing.name === "tag feed") {
      // The tag has no public story left: its page and feed may be empty or gone, never listing it.
      const response = await request.get(listing.path, { maxRedirects: 0 });
      if (response.status() === 200) expect(listing.contains(await response.text()), `unpublished story in the ${listing.name}`).toBe(false);
      else expect([404, 410]).toContain(response.status());
      continue;
    }
    expect(listing.contains(await text(request, listing.path)), `unpublished story in the ${listing.name}`).toBe(false);
  }
  expect(await inArticleSitemaps(), "unpublished story in a story sitemap").toBe(false);
  const gone = await request.get(storyPath, { maxRedirects: 0 });
  expect(gone.status()).toBe(410);
  expect((await request.get(`/news/${story.id}`, { maxRedirects: 0 })).status()).toBe(410);

  // A draft has never been public: its URL is simply not found.
  const draft = await api.post("/api/v1/articles", {
    headers: bearer(key),
    data: { title: `مسودة لا تُنشر ${stamp}`, bodyText: "نص المسودة.", section, authors: ["e2e-editor"] },
  });
  expect(draft.status()).toBe(201);
  const draftStory = (await draft.json()) as { id: number; status: string; url: string };
  expect(draftStory.status).toBe("draft");
  expect((await request.get(`/news/${draftStory.id}`, { maxRedirects: 0 })).status()).toBe(404);
  expect((await request.get(new URL(draftStory.url).pathname, { maxRedirects: 0 })).status()).toBe(404);

  await api.dispose();
});
