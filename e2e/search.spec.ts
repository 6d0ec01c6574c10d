import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

// The search page's filters, sort and «هل تقصد» are plain links and GET forms: with JavaScript
// off, a reader (or a crawler) can reach every choice.
test.use({ javaScriptEnabled: false });

const filters = (page: Page) => page.getByRole("navigation", { name: "تصفية النتائج وترتيبها" });
const results = (page: Page) => page.locator(".story-list > li");
const resultTimes = async (page: Page) =>
  (await results(page).locator("time").evaluateAll((nodes) => nodes.map((node) => node.getAttribute("datetime") ?? ""))).map((iso) => Date.parse(iso));

test("a section link narrows the results to that section, and «كل الأقسام» widens them again", async ({ page }) => {
  await page.goto(`/search?q=${encodeURIComponent("بوتين")}`);
  const everywhere = await results(page).count();
  expect(everywhere).toBeGreaterThan(1);
  await expect(filters(page).locator("[aria-current]").first()).toHaveText("كل الأقسام");

  await filters(page).getByRole("link", { name: "سياسة", exact: true }).click();
  await expect(page).toHaveURL(/section=/);
  await expect(filters(page).locator("[aria-current]", { hasText: "سياسة" })).toBeVisible();
  const sections = await results(page).locator(".story-meta a[href^='/section/']").allTextContents();
  expect(sections.length).toBeGreaterThan(0);
  expect(new Set(sections)).toEqual(new Set(["سياسة"]));

  await filters(page).getByRole("link", { name: "كل الأقسام" }).click();
  expect(await results(page).count()).toBe(everywhere);
});

test("«الأحدث» sorts by date, and a period keeps only stories within it", async ({ page }) => {
  await page.goto(`/search?q=${encodeURIComponent("بوتين")}`);
  await filters(page).getByRole("link", { name: "الأحدث" }).click();
  await expect(page).toHaveURL(/sort=newest/);
  const times = await resultTimes(page);
  expect(times.length).toBeGreaterThan(1);
  expect([...times].sort((a, b) => b - a)).toEqual(times);

  await filters(page).getByRole("link", { name: "آخر يوم" }).click();
  // The sort stays in force when a filter changes.
  await expect(page).toHaveURL(/period=day/);
  await expect(page).toHaveURL(/sort=newest/);
  const dayAgo = Date.now() - 24 * 3_600_000 - 60_000;
  for (const time of await resultTimes(page)) expect(time).toBeGreaterThanOrEqual(dayAgo);
});

test("a custom date range is a GET form; a date it cannot use is explained beside its field", async ({ page }) => {
  await page.goto(`/search?q=${encodeURIComponent("بوتين")}`);
  await page.getByText("نطاق تاريخ مخصص").click();
  await page.getByLabel("من", { exact: true }).fill("2026-11-20");
  await page.getByLabel("إلى", { exact: true }).fill("2026-11-01");
  await page.getByRole("button", { name: "طبّق" }).click();
  await expect(page).toHaveURL(/from=2026-11-20&to=2026-11-01/);
  const to = page.getByLabel("إلى", { exact: true });
  await expect(to).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#search-to-error")).toHaveText("تاريخ النهاية يسبق تاريخ البداية.");
  // What was typed is still there to be corrected.
  await expect(page.getByLabel("من", { exact: true })).toHaveValue("2026-11-20");
  await expect(to).toHaveValue("2026-11-01");

  const response = await page.goto(`/search?q=${encodeURIComponent("بوتين")}&from=2026-02-30&period=week&section=${encodeURIComponent("<script>")}&sort=x`);
  expect(response?.status()).toBe(200);
  await expect(page.locator("#search-from-error")).toContainText("سنة-شهر-يوم");
  // An unusable date leaves the rest of the request working.
  await expect(filters(page).locator("[aria-current]", { hasText: "آخر أسبوع" })).toBeVisible();
});

test("a query that finds nothing offers «هل تقصد» with the spelling a title uses", async ({ page }) => {
  await page.goto(`/search?q=${encodeURIComponent("مجلس الشيوح")}`);
  await expect(results(page)).toHaveCount(0);
  const suggestion = page.locator(".did-you-mean a");
  await expect(suggestion).toHaveText("مجلس الشيوخ");
  await suggestion.click();
  await expect(page.locator("h1")).toContainText("مجلس الشيوخ");
  await expect(page.locator(".story-list h3 a").first()).toContainText("مجلس الشيوخ");
});

test("pages keep the filters and the sort", async ({ page }) => {
  await page.goto(`/search?q=${encodeURIComponent("في")}&sort=newest`);
  // «في» is in more than one page's worth of the demo stories.
  const next = page.getByRole("link", { name: "نتائج أخرى" });
  await expect(next).toHaveAttribute("href", /sort=newest&page=2$/);
  await next.click();
  await expect(filters(page).locator("[aria-current]", { hasText: "الأحدث" })).toBeVisible();
  await expect(page.getByRole("link", { name: "النتائج السابقة" })).toHaveAttribute("href", /sort=newest$/);
});

test.describe("with JavaScript on, for axe", () => {
  test.use({ javaScriptEnabled: true });
  test("the filters, an explained date and «هل تقصد» have no serious accessibility violations", async ({ page }) => {
    await page.goto(`/search?q=${encodeURIComponent("مجلس الشيوح")}&from=2026-13-01`);
    await expect(page.locator(".did-you-mean a")).toBeVisible();
    await expect(page.locator("#search-from-error")).toBeVisible();
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });
});
