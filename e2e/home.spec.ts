import { expect, test } from "@playwright/test";

test.describe("home page", () => {
  test("is Arabic, right to left, and lists demo stories by section", async ({ page }) => {
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await expect(page.locator("html")).toHaveAttribute("lang", "ar");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { level: 2, name: "آخر الأخبار" })).toBeVisible();
    for (const section of ["سياسة", "اقتصاد", "رياضة", "ثقافة"]) {
      await expect(page.getByRole("heading", { level: 2, name: section, exact: true })).toBeVisible();
    }
    expect(await page.locator('a[href^="/news/"]').count()).toBeGreaterThan(20);
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font).toContain("IBM Plex Sans Arabic");
  });

  test("health answers ok", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ db: "ok" });
  });
});
