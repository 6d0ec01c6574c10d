import { test, type Page } from "@playwright/test";

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
