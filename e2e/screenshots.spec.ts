import { createHmac } from "node:crypto";
import { test } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { e2eAuthSecret } from "./support/e2e-env";

// Screenshots of every reader page type on a phone and a desktop, for people to look at
// (RTL mistakes show at a glance). Written to screenshots/ (git-ignored); asserts nothing else.
// Its own Playwright project, run by `npm run screenshots` and never by `npm test`.
const sizes = [
  { name: "mobile", width: 390, height: 844 },
  { name: "desktop", width: 1366, height: 900 },
];

const pages = [
  { name: "home", path: "/" },
  // «الأكثر قراءة» sits below the first screen: the anchor scrolls to it.
  { name: "home-most-read", path: "/#most-read" },
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

for (const size of sizes) {
  test(`reader pages at ${size.name} size`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const target of pages) {
      await page.goto(target.path);
      await page.screenshot({ path: `screenshots/${target.name}-${size.name}.png`, fullPage: !target.name.startsWith("home") });
    }
    await page.goto(`/search?q=${encodeURIComponent("بيسكوف عاجلاً أم آجلاً")}`);
    await page.locator(".story-list h3 a").first().click();
    await page.waitForURL(/\/news\//);
    await page.screenshot({ path: `screenshots/article-${size.name}.png`, fullPage: true });
    await page.locator(".byline a[rel=author]").first().click();
    await page.waitForURL(/\/author\//);
    await page.screenshot({ path: `screenshots/author-${size.name}.png` });
  });
}
