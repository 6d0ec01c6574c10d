import type { APIRequestContext, Page } from "@playwright/test";
import { AGENCY_STORIES, PARTNER_STORIES, startFeedServer, type FeedServer } from "../tests/support/wire-feeds";
import { StoryEditorPage } from "./pages/story-editor-page";
import { E2E_USERS } from "./support/accounts";
import { expect, test } from "./support/fixtures";

// The wire desk end to end (issue 14): outlets' feeds served by this spec on 127.0.0.1 (so every
// source is registered with allowHost, the explicit permission to fetch a loopback host), polled
// through the API and by the app's own round, worked through the desk, published with attribution.

test.describe.configure({ mode: "serial" });

let feeds: FeedServer;
test.beforeAll(async () => {
  feeds = await startFeedServer();
});
test.afterAll(async () => {
  await feeds?.close();
});

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
type PollCounts = { fetched: number; new: number; duplicates: number; grouped: number; published: number; errors: number; notModified: boolean; error: string | null };
type WireItem = { id: number; status: string; articleId: number | null; sources: { sourceId: number; name: string; title: string; url: string | null }[] };

async function sectionSlug(request: APIRequestContext, key: string): Promise<string> {
  const list = await request.get("/api/v1/articles?limit=1", { headers: bearer(key) });
  return ((await list.json()) as { items: { section: string }[] }).items[0]!.section;
}

const sourceIds: Record<string, number> = {};
const OIL = AGENCY_STORIES[0]!;
const BOOK_FAIR = AGENCY_STORIES[1]!;
const RAIN = PARTNER_STORIES[2]!;

async function jsonLdOf(page: Page): Promise<Record<string, unknown>[]> {
  const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
  return blocks.flatMap((text) => {
    const parsed = JSON.parse(text) as unknown;
    return (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[];
  });
}

test("the API registers outlets (admin keys only), polls them, groups one story from two outlets, and fetches no body for an unchanged feed", async ({ request, adminApiKey, editorApiKey, writerApiKey }) => {
  const section = await sectionSlug(request, editorApiKey);
  const source = (name: string, path: string) => ({ name, url: feeds.url(path), section, tags: ["وكالات"], intervalMinutes: 30, allowHost: true, paused: true });

  expect((await request.post("/api/v1/wire/sources", { headers: bearer(editorApiKey), data: source("وكالة", "/agency.rss") })).status()).toBe(403);
  const bad = await request.post("/api/v1/wire/sources", { headers: bearer(adminApiKey), data: { name: "", url: "ftp://x.example/feed", section, mode: "sometimes" } });
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors).toMatchObject({ name: [expect.any(String)], url: [expect.any(String)], mode: [expect.any(String)] });
  // A loopback feed without the explicit allowance is refused before anything is fetched.
  const loopback = await request.post("/api/v1/wire/sources", { headers: bearer(adminApiKey), data: { ...source("محلي", "/agency.rss"), allowHost: false } });
  expect(loopback.status()).toBe(400);
  expect(((await loopback.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.url![0]).toContain("allowHost");

  for (const [key, name, path] of [
    ["agency", "وكالة الأنباء العربية", "/agency.rss"],
    ["partner", "شريكنا الإخباري", "/partner.rss"],
    ["broken", "خلاصة مكسورة", "/broken.xml"],
    ["hang", "مصدر لا يجيب", "/hang"],
  ] as const) {
    const created = await request.post("/api/v1/wire/sources", { headers: bearer(adminApiKey), data: source(name, path) });
    expect(created.status(), await created.text()).toBe(201);
    sourceIds[key] = ((await created.json()) as { id: number }).id;
  }

  const poll = async (key: string, id: number) => {
    const response = await request.post(`/api/v1/wire/sources/${id}/poll`, { headers: bearer(key) });
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()) as PollCounts;
  };
  expect((await request.post(`/api/v1/wire/sources/${sourceIds.agency}/poll`, { headers: bearer(writerApiKey) })).status()).toBe(403);
  expect(await poll(editorApiKey, sourceIds.agency!)).toMatchObject({ fetched: 3, new: 3, duplicates: 0, errors: 0, error: null });
  expect(await poll(editorApiKey, sourceIds.partner!)).toMatchObject({ fetched: 3, new: 1, duplicates: 2, grouped: 2 });
  expect((await poll(editorApiKey, sourceIds.broken!)).error).toContain("ليست خلاصة");
  expect((await poll(editorApiKey, sourceIds.hang!)).error).toContain("مهلة");

  // The queue, as a writer's key reads it: the partner's three stories, two grouped with the agency's.
  const items = await request.get(`/api/v1/wire/items?source=${sourceIds.partner}`, { headers: bearer(writerApiKey) });
  expect(items.status()).toBe(200);
  const partnerItems = ((await items.json()) as { items: WireItem[] }).items;
  expect(partnerItems).toHaveLength(3);
  const oil = partnerItems.find((item) => item.sources.some((s) => s.url === OIL.link))!;
  expect(oil.sources.map((s) => s.name).sort()).toEqual(["شريكنا الإخباري", "وكالة الأنباء العربية"].sort());
  expect(oil.sources.find((s) => s.name === "وكالة الأنباء العربية")!.title).toBe(OIL.title);
  expect((await request.get("/api/v1/wire/items?status=maybe", { headers: bearer(writerApiKey) })).status()).toBe(400);

  // Unchanged since: a conditional GET answered 304, no body sent.
  expect(feeds.bodiesServed("/agency.rss")).toBe(1);
  expect(await poll(editorApiKey, sourceIds.agency!)).toMatchObject({ notModified: true, fetched: 0, new: 0 });
  expect(feeds.requests("/agency.rss")).toBe(2);
  expect(feeds.bodiesServed("/agency.rss")).toBe(1);
});

test("an item published through the API carries the outlet: «المصدر» on the page, isBasedOn in its JSON-LD, <source> in RSS", async ({ request, editorApiKey, writerApiKey, page }) => {
  const queue = ((await (await request.get(`/api/v1/wire/items?source=${sourceIds.agency}&status=new`, { headers: bearer(editorApiKey) })).json()) as { items: WireItem[] }).items;
  const bookFair = queue.find((item) => item.sources.some((s) => s.url === BOOK_FAIR.link))!;
  expect((await request.post(`/api/v1/wire/items/${bookFair.id}/publish`, { headers: bearer(writerApiKey), data: {} })).status()).toBe(403);
  // The agency has no byline of its own: the API names the authors, by slug as POST /api/v1/articles does.
  const noByline = await request.post(`/api/v1/wire/items/${bookFair.id}/publish`, { headers: bearer(editorApiKey), data: {} });
  expect(noByline.status()).toBe(400);
  expect(((await noByline.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.authors).toBeDefined();
  const editorSlug = E2E_USERS.find((user) => user.role === "editor")!.slug;
  const published = await request.post(`/api/v1/wire/items/${bookFair.id}/publish`, { headers: bearer(editorApiKey), data: { sourceId: sourceIds.agency, authors: [editorSlug] } });
  expect(published.status(), await published.text()).toBe(201);
  const story = (await published.json()) as { id: number; url: string; status: string; sourceName: string; sourceUrl: string };
  expect(story).toMatchObject({ status: "published", sourceName: "وكالة الأنباء العربية", sourceUrl: BOOK_FAIR.link });
  // One story per item.
  expect((await request.post(`/api/v1/wire/items/${bookFair.id}/publish`, { headers: bearer(editorApiKey), data: { authors: [editorSlug] } })).status()).toBe(409);

  await page.goto(new URL(story.url).pathname);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(BOOK_FAIR.title);
  const credit = page.getByRole("link", { name: "وكالة الأنباء العربية" });
  await expect(credit).toHaveAttribute("href", BOOK_FAIR.link);
  const article = (await jsonLdOf(page)).find((block) => block["@type"] === "NewsArticle")!;
  expect(article.isBasedOn).toBe(BOOK_FAIR.link);
  // Our page stays canonical for this outlet.
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", story.url);
  // The outlet's list came through as a list.
  await expect(page.locator(".article-body li", { hasText: "ندوات يومية" })).toHaveCount(1);

  const feed = await (await request.get("/feed.xml")).text();
  expect(feed).toContain(`<source url="${feeds.url("/agency.rss")}">وكالة الأنباء العربية</source>`);
});

test("an editor drafts from the desk with the source locked, publishes, and the item is marked used", async ({ editorPage }) => {
  await editorPage.goto("/admin/wire");
  await expect(editorPage.getByRole("heading", { name: "مكتب الوكالات" })).toBeVisible();
  const row = editorPage.locator("li.wire-item", { hasText: OIL.title });
  await expect(row.getByRole("list", { name: "المصادر" }).getByRole("listitem")).toHaveCount(2);
  await expect(row.getByRole("link", { name: "الأصل" }).first()).toHaveAttribute("href", OIL.link);
  // The failing outlets say why, on the desk itself.
  await expect(editorPage.locator("[data-wire-source]", { hasText: "خلاصة مكسورة" }).getByTestId("wire-source-error")).toContainText("ليست خلاصة");
  await expect(editorPage.locator("[data-wire-source]", { hasText: "مصدر لا يجيب" }).getByTestId("wire-source-error")).toContainText("مهلة");

  await row.getByRole("link", { name: "حرّر وانشر" }).click();
  const editor = new StoryEditorPage(editorPage);
  await expect(editor.title).toHaveValue(OIL.title);
  await expect(editor.sourceName).toHaveValue("وكالة الأنباء العربية");
  await expect(editor.sourceName).toHaveAttribute("readonly", "");
  await expect(editorPage.getByTestId("source-locked")).toBeVisible();
  await expect(editor.body).toContainText("مستوى قياسي");
  await expect(editor.tagChips).toContainText("وكالات");
  await editor.publishButton.click();
  await expect(editor.status).toHaveText("منشور", { timeout: 15_000 });
  await expect(editor.sourceName).toHaveAttribute("readonly", "");

  // The outlet's <script> never reached the body; the words around it did.
  const publicPath = await editor.publicLink.getAttribute("href");
  await editorPage.goto(publicPath!);
  await expect(editorPage.locator(".article-body")).toContainText("مستوى قياسي");
  expect(await editorPage.locator(".article-body script").count()).toBe(0);
  await expect(editorPage.locator(".article-body")).not.toContainText("alert");
  await expect(editorPage.getByRole("link", { name: "وكالة الأنباء العربية" })).toHaveAttribute("href", OIL.link);

  await editorPage.goto("/admin/wire?status=used");
  await expect(editorPage.locator("li.wire-item", { hasText: OIL.title }).getByRole("link", { name: "الخبر المنشور منه" })).toBeVisible();
  await editorPage.goto("/admin/wire");
  await expect(editorPage.locator("li.wire-item", { hasText: OIL.title })).toHaveCount(0);
});

test("an editor ignores an item and takes it back; a writer sees the queue but cannot ignore", async ({ editorPage, writerPage }) => {
  await editorPage.goto("/admin/wire");
  const row = editorPage.locator("li.wire-item", { hasText: RAIN.title });
  await row.getByRole("button", { name: new RegExp(`^تجاهل`) }).click();
  await expect(editorPage.locator("li.wire-item", { hasText: RAIN.title })).toHaveCount(0);
  await editorPage.goto("/admin/wire?status=ignored");
  const ignored = editorPage.locator("li.wire-item", { hasText: RAIN.title });
  await ignored.getByRole("button", { name: /أعد إلى الوارد/ }).click();
  await expect(editorPage.locator("li.wire-item", { hasText: RAIN.title })).toHaveCount(0);
  await editorPage.goto("/admin/wire");
  await expect(editorPage.locator("li.wire-item", { hasText: RAIN.title })).toHaveCount(1);

  await writerPage.goto("/admin/wire");
  await expect(writerPage.locator("li.wire-item", { hasText: RAIN.title }).getByRole("link", { name: "حرّر وانشر" })).toBeVisible();
  await expect(writerPage.getByRole("button", { name: /^تجاهل/ })).toHaveCount(0);
  await expect(writerPage.getByRole("link", { name: "المصادر" })).toHaveCount(0);
});

test("an admin adds an auto-publish outlet in the sources page, and its story is published by the app's own round", async ({ adminPage, request, editorApiKey }) => {
  feeds.setStories("/auto.rss", [
    { guid: "auto-e2e-1", title: "مجلس الوزراء يقر خطة وطنية للطاقة المتجددة حتى عام 2035", lead: "أقر مجلس الوزراء خطة وطنية للطاقة المتجددة.", html: "<p>أقر مجلس الوزراء خطة وطنية للطاقة المتجددة حتى عام 2035.</p>", link: "https://contracted.example/e2e-1", date: "Mon, 07 Dec 2026 13:00:00 GMT" },
  ]);
  await adminPage.goto("/admin/wire/sources");
  const form = adminPage.locator("details", { hasText: "أضف مصدراً" }).first();
  if (!(await form.evaluate((details) => (details as HTMLDetailsElement).open))) await form.locator("summary").click();
  // Bad input first: the Arabic message sits by its field, and nothing is added.
  await form.getByLabel(/رابط الخلاصة/).fill("not a url");
  await form.getByRole("button", { name: "أضف المصدر" }).click();
  await expect(form.getByText("اسم المصدر مطلوب")).toBeVisible();
  await expect(form.getByText(/رابط الخلاصة يجب أن يبدأ/)).toBeVisible();
  await expect(form.getByLabel(/رابط الخلاصة/)).toHaveValue("not a url");

  await form.getByLabel(/اسم المصدر/).fill("وكالة الخبر المتعاقدة");
  await form.getByLabel(/رابط الخلاصة/).fill(feeds.url("/auto.rss"));
  await form.getByLabel("الثقة").selectOption("auto");
  // Auto-publish needs a byline.
  await form.getByRole("button", { name: "أضف المصدر" }).click();
  await expect(form.getByText("النشر التلقائي يحتاج كاتباً يُنسب إليه الخبر")).toBeVisible();
  await form.getByLabel(/الكاتب المنسوب/).selectOption({ index: 1 });
  await form.getByLabel(/اسمح بعنوان داخلي/).check();
  await form.getByRole("button", { name: "أضف المصدر" }).click();
  await expect(adminPage.getByText("أُضيف المصدر")).toBeVisible();
  await expect(adminPage.locator("tr[data-wire-source]", { hasText: "وكالة الخبر المتعاقدة" })).toBeVisible();

  // Nobody polls it by hand: the round (every second here) does, and publishes.
  await expect
    .poll(
      async () => {
        const list = (await (await request.get("/api/v1/articles?status=published&limit=20", { headers: bearer(editorApiKey) })).json()) as { items: { title: string; sourceName: string; url: string }[] };
        return list.items.find((item) => item.sourceName === "وكالة الخبر المتعاقدة")?.title ?? null;
      },
      { timeout: 30_000 },
    )
    .toBe("مجلس الوزراء يقر خطة وطنية للطاقة المتجددة حتى عام 2035");
});

// Four PNGs in screenshots/ (git-ignored), to look at: the desk is new and RTL mistakes show at a glance.
test("screenshots of the desk and the sources page", async ({ editorPage, adminPage }) => {
  for (const size of [
    { name: "phone", width: 390, height: 844 },
    { name: "desktop", width: 1366, height: 900 },
  ]) {
    await editorPage.setViewportSize(size);
    await editorPage.goto("/admin/wire?status=all");
    await editorPage.screenshot({ path: `screenshots/admin-wire-${size.name}.png`, fullPage: true });
    await adminPage.setViewportSize(size);
    await adminPage.goto("/admin/wire/sources");
    await adminPage.screenshot({ path: `screenshots/admin-wire-sources-${size.name}.png`, fullPage: true });
  }
});
