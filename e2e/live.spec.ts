import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { LiveDeskPage } from "./pages/live-desk-page";
import { StoryEditorPage } from "./pages/story-editor-page";

// Issue 13, live coverage: an editor starts a coverage and posts entries from the desk; an open
// reader page receives a new entry without a reload; pinning and ending show on the page and in
// the LiveBlogPosting JSON-LD; every entry is in the HTML with JavaScript off.

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

type LdNode = Record<string, unknown> & { "@type"?: string };

async function liveBlogJsonLd(page: Page): Promise<LdNode> {
  const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
  const nodes = blocks.flatMap((text) => [JSON.parse(text) as LdNode | LdNode[]].flat());
  const live = nodes.find((node) => node["@type"] === "LiveBlogPosting");
  expect(live, "a LiveBlogPosting node").toBeDefined();
  return live!;
}

const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/;

test("an editor runs a live coverage: new entries reach an open page, pinning and ending show, and the JSON-LD follows", async ({
  editorPage,
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  const stamp = Date.now().toString(36);
  const title = `تغطية مباشرة لقمة الرياض ${stamp}`;

  // The editor starts the coverage from the story editor.
  const editor = new StoryEditorPage(editorPage);
  await editor.start(title, "تتابع هذه الصفحة وقائع القمة لحظة بلحظة.");
  await editorPage.getByLabel("تغطية مباشرة", { exact: true }).check();
  await editor.publish();
  const id = await editor.waitForSaved();
  await expect(editor.message).toContainText("نُشر الخبر");

  const desk = new LiveDeskPage(editorPage);
  await desk.goto(id);
  await desk.post("وصول الوفود", "وصلت الوفود إلى مقر القمة صباح اليوم.");
  await desk.post("بدء الجلسة الافتتاحية", "افتتح الرئيس الجلسة بكلمة عن الأمن الإقليمي.", { key: true });

  // A reader opens the page; its island polls for changes.
  const path = (await editor.publicLink.count()) ? await editor.publicLink.getAttribute("href") : null;
  const articlePath = path ?? `/news/${id}`;
  await page.goto(articlePath);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const entries = page.getByTestId("live-entry");
  await expect(entries).toHaveCount(2);
  await expect(page.locator(".kicker .badge-live")).toHaveText("مباشر");
  await page.evaluate(() => Object.assign(window, { __stillTheSamePage: true }));

  await desk.post("البيان الختامي", "صدر البيان الختامي متضمناً عشرة بنود.");
  // The third entry arrives at the top of the open page, with no navigation in between.
  await expect(entries.first()).toContainText("البيان الختامي", { timeout: 40_000 });
  await expect(entries).toHaveCount(3);
  expect(await page.evaluate(() => (window as unknown as { __stillTheSamePage?: boolean }).__stillTheSamePage)).toBe(true);

  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  // Pin the first entry, then end the coverage from the editor.
  await desk.goto(id);
  await desk.pin("وصول الوفود");
  await editor.goto(id);
  await editorPage.getByLabel("انتهت التغطية المباشرة").check();
  await editorPage.getByRole("button", { name: "احفظ", exact: true }).click();
  await expect(editor.message).toContainText("حُفظت التغييرات");

  await page.reload();
  await expect(page.getByTestId("live-ended")).toContainText("انتهت التغطية المباشرة");
  await expect(entries.first()).toContainText("وصول الوفود");
  await expect(entries.first()).toContainText("مثبّت");
  await expect(page.locator(".kicker .badge-live")).toHaveCount(0);

  // LiveBlogPosting as Google reads it: the coverage's times and every entry, each at its anchor.
  const ld = await liveBlogJsonLd(page);
  expect(ld.headline).toBe(title);
  for (const field of ["datePublished", "dateModified", "coverageStartTime", "coverageEndTime"]) expect(String(ld[field])).toMatch(ISO_WITH_OFFSET);
  expect(new Date(String(ld.coverageEndTime)).getTime()).toBeGreaterThanOrEqual(new Date(String(ld.coverageStartTime)).getTime());
  expect(ld.image).toBeTruthy();
  expect(ld.author).toBeTruthy();
  expect(ld.publisher).toBeTruthy();
  const updates = ld.liveBlogUpdate as LdNode[];
  expect(updates.map((update) => update.headline)).toEqual(["البيان الختامي", "بدء الجلسة الافتتاحية", "وصول الوفود"]);
  for (const update of updates) {
    expect(update["@type"]).toBe("BlogPosting");
    expect(String(update.datePublished)).toMatch(ISO_WITH_OFFSET);
    expect(String(update.articleBody).length).toBeGreaterThan(10);
    const anchor = new URL(String(update.url)).hash;
    expect(anchor).toMatch(/^#entry-\d+$/);
    await expect(page.locator(anchor)).toHaveCount(1);
  }

  // With JavaScript off, a reload shows every entry.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto(articlePath);
  await expect(plain.getByTestId("live-entry")).toHaveCount(3);
  await noScript.close();
});

test("the JSON API posts and lists entries, and refuses bad ones with field errors", async ({ request, editorApiKey, writerApiKey }) => {
  const section = (
    (await (await request.get("/api/v1/articles?status=published&limit=1", { headers: bearer(editorApiKey) })).json()) as { items: { section: string }[] }
  ).items[0]!.section;
  const created = await request.post("/api/v1/articles", {
    headers: bearer(editorApiKey),
    data: { title: `تغطية عبر الواجهة البرمجية ${Date.now()}`, section, authors: ["e2e-editor"], bodyText: "مقدمة.", status: "published", live: true },
  });
  expect(created.status()).toBe(201);
  const story = (await created.json()) as { id: number; url: string; live: boolean; liveEndedAt: string | null; version: number };
  expect(story).toMatchObject({ live: true, liveEndedAt: null });

  const path = `/api/v1/articles/${story.id}/live-entries`;
  const posted = await request.post(path, { headers: bearer(editorApiKey), data: { title: "تحديث من مكتب الأخبار", bodyText: "نص التحديث.", key: true } });
  expect(posted.status()).toBe(201);
  const entry = (await posted.json()) as { id: number; url: string; key: boolean };
  expect(entry.url).toBe(`${story.url}#entry-${entry.id}`);
  expect(entry.key).toBe(true);

  const listed = (await (await request.get(path, { headers: bearer(editorApiKey) })).json()) as { items: { id: number }[] };
  expect(listed.items.map((item) => item.id)).toEqual([entry.id]);

  const bad = await request.post(path, { headers: bearer(editorApiKey), data: { title: "", bodyText: "x", pinned: "yes" } });
  expect(bad.status()).toBe(400);
  expect(Object.keys(((await bad.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors)).toContain("pinned");
  const empty = await request.post(path, { headers: bearer(editorApiKey), data: { title: "   ", bodyText: "x" } });
  expect(empty.status()).toBe(400);
  // A writer's key may not post to a story it neither wrote nor was credited on: it is missing to it.
  expect((await request.post(path, { headers: bearer(writerApiKey), data: { title: "ت", bodyText: "x" } })).status()).toBe(404);

  // Ending it through PATCH, then posting, is refused.
  const ended = await request.patch(`/api/v1/articles/${story.id}`, {
    headers: bearer(editorApiKey),
    data: { version: story.version, liveEndedAt: new Date().toISOString() },
  });
  expect(ended.status()).toBe(200);
  expect(((await ended.json()) as { liveEndedAt: string | null }).liveEndedAt).not.toBeNull();
  expect((await request.post(path, { headers: bearer(editorApiKey), data: { title: "متأخر", bodyText: "x" } })).status()).toBe(400);

  // The poll endpoint: public, tiny, and a 404 for what is not public.
  const poll = await request.get(`/live-updates/${story.id}`);
  expect(poll.status()).toBe(200);
  expect(await poll.json()).toMatchObject({ state: "ended" });
  expect(poll.headers()["cache-control"]).toContain("s-maxage=");
  expect((await request.get("/live-updates/2000000000")).status()).toBe(404);
  expect((await request.get("/live-updates/abc")).status()).toBe(404);
});
