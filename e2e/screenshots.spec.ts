import { createHmac } from "node:crypto";
import type { Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { FrontPageAdminPage } from "./pages/front-page-admin-page";
import { e2eAuthSecret } from "./support/e2e-env";
import { test } from "./support/fixtures";

// Screenshots of every reader page type on a phone and a desktop, for people to look at
// (RTL mistakes show at a glance). Written to screenshots/ (git-ignored); asserts nothing else.
// Its own Playwright project, run by `npm run screenshots` and never by `npm test`.
const sizes = [
  { name: "mobile", width: 390, height: 844 },
  { name: "desktop", width: 1366, height: 900 },
];

const pages = [
  { name: "home", path: "/" },
  { name: "home-full", path: "/" },
  { name: "tag", path: `/tag/${encodeURIComponent("بوتين")}` },
  { name: "section", path: `/section/${encodeURIComponent("اقتصاد")}` },
  { name: "search", path: `/search?q=${encodeURIComponent("الكرملين")}` },
  { name: "search-filtered", path: `/search?q=${encodeURIComponent("بوتين")}&section=${encodeURIComponent("سياسة")}&sort=newest&from=2026-11-30&to=2026-11-01` },
  { name: "search-did-you-mean", path: `/search?q=${encodeURIComponent("مجلس الشيوح")}` },
  { name: "not-found", path: "/no-such-page" },
];

// A fresh e2e database has no views, and «الأكثر قراءة» shows only when there are some: a dozen
// stories from the home page get a few readers each (distinct addresses through the trusted
// loopback proxy, as in e2e/most-read.spec.ts), then the flush runs and refreshes the lists.
test.beforeAll(async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL });
  const html = await (await api.get("/")).text();
  const ids = [...new Set([...html.matchAll(/href="\/news\/(\d+)\//g)].map((match) => Number(match[1])))].slice(0, 12);
  const agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
  for (const [rank, id] of ids.entries()) {
    for (let reader = 0; reader < ids.length - rank; reader++) {
      await api.post("/api/views", { data: JSON.stringify({ id }), headers: { "user-agent": agent, "x-forwarded-for": `198.51.100.${reader + 1}` } });
    }
  }
  const token = createHmac("sha256", e2eAuthSecret()).update("scheduler").digest("base64url");
  await api.post("/api/internal/views?refresh=1", { headers: { "x-scheduler-token": token } });
  await api.dispose();
});

/**
 * Story pictures below the first screen are lazy: they load as the reader scrolls. A full-page shot
 * does not scroll, so scroll through first and wait for every picture, or the shot shows empty boxes.
 */
async function loadEveryPicture(page: Page) {
  await page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight / 2) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    window.scrollTo(0, 0);
  });
  await page.waitForFunction(() => [...document.images].every((img) => img.complete), undefined, { timeout: 30_000 });
}

for (const size of sizes) {
  test(`reader pages at ${size.name} size`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const target of pages) {
      await page.goto(target.path);
      await loadEveryPicture(page);
      await page.screenshot({ path: `screenshots/${target.name}-${size.name}.png`, fullPage: target.name !== "home" });
    }
    await page.goto(`/search?q=${encodeURIComponent("بيسكوف عاجلاً أم آجلاً")}`);
    await page.locator(".story-list h3 a").first().click();
    await page.waitForURL(/\/news\//);
    await loadEveryPicture(page);
    await page.screenshot({ path: `screenshots/article-${size.name}.png`, fullPage: true });
    await page.locator(".byline a[rel=author]").first().click();
    await page.waitForURL(/\/author\//);
    await loadEveryPicture(page);
    await page.screenshot({ path: `screenshots/author-${size.name}.png` });
  });
}

// Issue 13: a running live coverage (entries pinned and key), featured on a curated front page, and
// the two admin screens behind them.
test("live coverage and the curated front page, with their admin screens", async ({ request, editorApiKey, editorPage, page }) => {
  test.setTimeout(120_000);
  const bearer = { Authorization: `Bearer ${editorApiKey}` };
  const section = ((await (await request.get("/api/v1/articles?status=published&limit=1", { headers: bearer })).json()) as { items: { section: string }[] }).items[0]!.section;
  const title = "تغطية مباشرة: قمة الرياض الاقتصادية";
  const story = (await (
    await request.post("/api/v1/articles", {
      headers: bearer,
      data: { title, dek: "وقائع القمة لحظة بلحظة من مقرها في الرياض.", section, authors: ["e2e-editor"], bodyText: "تتابع هذه الصفحة وقائع القمة لحظة بلحظة.", status: "published", live: true },
    })
  ).json()) as { id: number; url: string };
  const entries = [
    { title: "وصول الوفود إلى مقر القمة", bodyText: "وصلت وفود أربعين دولة إلى مقر القمة صباح اليوم وسط إجراءات أمنية مشددة.", pinned: true },
    { title: "الجلسة الافتتاحية تبدأ بكلمة عن الأمن الإقليمي", bodyText: "افتتح الرئيس الجلسة بكلمة تناولت الأمن الإقليمي وأسعار الطاقة.", key: true },
    { title: "اتفاق مبدئي على صندوق للاستثمار المشترك", bodyText: "أعلن المتحدث باسم القمة التوصل إلى اتفاق مبدئي على صندوق بقيمة عشرة مليارات دولار." },
  ];
  for (const entry of entries) await request.post(`/api/v1/articles/${story.id}/live-entries`, { headers: bearer, data: entry });

  const admin = new FrontPageAdminPage(editorPage);
  await admin.goto();
  await admin.feature("تغطية مباشرة", title);
  await admin.save();
  for (const size of sizes) {
    await editorPage.setViewportSize({ width: size.width, height: size.height });
    await editorPage.screenshot({ path: `screenshots/admin-front-page-${size.name}.png`, fullPage: true });
    await editorPage.goto(`/admin/articles/${story.id}/live`);
    await editorPage.screenshot({ path: `screenshots/admin-live-desk-${size.name}.png`, fullPage: true });
    await editorPage.goto("/admin/front-page");

    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto("/");
    await loadEveryPicture(page);
    await page.screenshot({ path: `screenshots/home-curated-${size.name}.png` });
    await page.goto(new URL(story.url).pathname);
    await loadEveryPicture(page);
    await page.screenshot({ path: `screenshots/live-${size.name}.png`, fullPage: true });
  }
});
