import type { Page } from "@playwright/test";
import { StoryEditorPage } from "./pages/story-editor-page";
import { expect, test } from "./support/fixtures";

// Issue 9, item 11: every answer carries the security headers; reader pages share one cacheable
// policy, the admin's carries a fresh nonce; and the pages really work under them (no violation).

/** Collects the browser's Content Security Policy reports (console messages) for a page. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  return violations;
}

const directives = (policy: string) => new Map(policy.split(";").map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

test.describe("security headers", () => {
  test("reader pages, the admin and the API carry them, with the right values", async ({ request }) => {
    const reader = await request.get("/");
    const admin = await request.get("/admin/login");
    const api = await request.get("/api/health");
    for (const [where, response] of [["reader", reader], ["admin", admin], ["api", api]] as const) {
      const headers = response.headers();
      expect(headers["x-content-type-options"], where).toBe("nosniff");
      expect(headers["x-frame-options"], where).toBe("SAMEORIGIN");
      expect(headers["referrer-policy"], where).toBe("strict-origin-when-cross-origin");
      expect(headers["permissions-policy"], where).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\).*browsing-topics=\(\)/);
      // The e2e server runs on http://127.0.0.1: no HSTS (tests/unit/security-headers.test.ts covers https).
      expect(headers["strict-transport-security"], where).toBeUndefined();
      const policy = directives(headers["content-security-policy"] ?? "");
      expect(policy.get("object-src"), where).toEqual(["'none'"]);
      expect(policy.get("base-uri"), where).toEqual(["'self'"]);
      expect(policy.get("form-action"), where).toEqual(["'self'"]);
      expect(policy.get("frame-ancestors"), where).toEqual(["'self'"]);
      expect(policy.get("connect-src"), where).toEqual(["'self'"]);
    }

    // Reader pages: one policy for every request, so the cached copy stays shareable.
    expect(reader.headers()["cache-control"]).toContain("s-maxage");
    expect((await request.get("/")).headers()["content-security-policy"]).toBe(reader.headers()["content-security-policy"]);
    expect(directives(reader.headers()["content-security-policy"]!).get("script-src")).toEqual(["'self'", "'unsafe-inline'"]);

    // The admin: only scripts with this response's nonce, a new nonce each time, and it is on the page's scripts.
    const adminScripts = directives(admin.headers()["content-security-policy"]!).get("script-src")!;
    expect(adminScripts).not.toContain("'unsafe-inline'");
    expect(adminScripts).toContain("'strict-dynamic'");
    const nonce = adminScripts.find((value) => value.startsWith("'nonce-"))!.slice("'nonce-".length, -1);
    expect(nonce.length).toBeGreaterThanOrEqual(16);
    expect(await admin.text()).toContain(`nonce="${nonce}"`);
    const again = directives((await request.get("/admin/login")).headers()["content-security-policy"]!).get("script-src")!;
    expect(again.find((value) => value.startsWith("'nonce-"))).not.toBe(`'nonce-${nonce}'`);
  });

  test("the home page, an article and the editor load and work with no policy violation", async ({ browser, request, editorPage: page, editorApiKey: key }) => {
    const list = await request.get("/api/v1/articles?status=published&limit=1", { headers: { Authorization: `Bearer ${key}` } });
    const articleUrl = new URL(((await list.json()) as { items: { url: string }[] }).items[0]!.url).pathname;

    const reader = await browser.newPage();
    const readerViolations = watchCsp(reader);
    await reader.goto("/");
    await expect(reader.locator("main a[href^='/news/']").first()).toBeVisible();
    await reader.goto(articleUrl);
    await expect(reader.locator("h1").first()).toBeVisible();
    await reader.waitForLoadState("networkidle");
    expect(readerViolations).toEqual([]);

    const violations = watchCsp(page);
    const editor = new StoryEditorPage(page);
    await editor.gotoNew();
    const body = editor.body;
    await body.click();
    await page.keyboard.type("نص يكتبه المحرر تحت سياسة أمان المحتوى.");
    await expect(body).toContainText("تحت سياسة أمان المحتوى");
    // Tiptap's toolbar (scripted) works: bold toggles on the typed text.
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Control+B");
    await expect(body.locator("strong").first()).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(violations).toEqual([]);
    await reader.close();
  });
});
