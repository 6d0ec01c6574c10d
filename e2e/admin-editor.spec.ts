import { expect, test, type Browser, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { E2E_PASSWORD } from "./support/accounts";
import { noiseJpeg, solidImage, svgImage } from "../tests/support/images";

// The editor's loop: write a story with body, tags and «اقرأ أيضاً», publish it, read it on the
// public page; and two editors saving the same story, where the second gets the conflict.
// Each context signs in from its own X-Forwarded-For address, so the per-IP login limit of the
// auth specs is never shared.
const runOctet = Math.floor(Math.random() * 250) + 1;
let ipCounter = 100;

// The admin's Content-Security-Policy (a nonce, no inline scripts) must not break the editor:
// the browser reports each blocked script or style as a console message, and any fails the test.
const cspViolations: string[] = [];
test.afterEach(() => {
  const found = cspViolations.splice(0);
  expect(found, "Content Security Policy violations").toEqual([]);
});

async function signedInPage(browser: Browser, email = "editor@e2e.example", viewport = { width: 1366, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": `10.${runOctet}.${++ipCounter}.9` }, viewport });
  const page = await context.newPage();
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
  });
  await page.goto("/admin/login?callbackUrl=%2Fadmin%2Farticles");
  await page.getByLabel("البريد الإلكتروني").fill(email);
  await page.getByLabel("كلمة المرور").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "دخول" }).click();
  await page.waitForURL(/\/admin\/articles/);
  return page;
}

async function typeBody(page: Page, text: string) {
  const body = page.getByTestId("body-editor");
  await body.click();
  await page.keyboard.type(text);
}

async function startStory(page: Page, title: string, bodyText: string) {
  await page.goto("/admin/articles/new");
  await page.getByLabel("العنوان", { exact: true }).fill(title);
  await typeBody(page, bodyText);
}

async function waitForSavedStory(page: Page): Promise<number> {
  await page.waitForURL(/\/admin\/articles\/\d+(\?|$)/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("تحرير خبر");
  return Number(new URL(page.url()).pathname.split("/").pop());
}

test.describe("story editor", () => {
  test("an editor writes, tags, links and publishes a story, and readers see it", async ({ browser }) => {
    const page = await signedInPage(browser);
    const stamp = Date.now().toString(36);
    const title = `اختبار المحرر: قمة الطاقة في الرياض ${stamp}`;
    const newTag = `وسم تجريبي ${stamp}`;
    await startStory(page, title, "قال مسؤولون إن القمة تناقش أسعار OPEC+ والطاقة المتجددة.");

    // The slug follows the title and keeps Arabic letters.
    await expect(page.getByLabel("الرابط المختصر")).toHaveValue(new RegExp(`^اختبار-المحرر-قمة-الطاقة-في-الرياض-${stamp}$`));

    // An existing tag through autocomplete (normalised match), and a new one typed in.
    const tagInput = page.getByLabel("الكلمات الدلالية");
    await tagInput.fill("بوتي");
    await page.getByRole("list", { name: "اقتراحات الوسوم" }).getByRole("button", { name: /^بوتين/ }).click();
    await tagInput.fill(newTag);
    await tagInput.press("Enter");
    const chips = page.getByTestId("tag-chips");
    await expect(chips.getByText("بوتين", { exact: true })).toBeVisible();
    await expect(chips.getByText(newTag)).toBeVisible();

    // Two «read also» links, then reordered.
    const readAlsoSearch = page.getByLabel("ابحث عن خبر منشور لإضافته");
    await readAlsoSearch.fill("ال");
    const results = page.getByRole("list", { name: "نتائج البحث" }).getByRole("button");
    await expect(results.first()).toBeVisible();
    const first = (await results.nth(0).innerText()).replace(/^\+\s*/, "").trim();
    await results.nth(0).click();
    await readAlsoSearch.fill("ال");
    await expect(results.first()).toBeVisible();
    const second = (await results.nth(0).innerText()).replace(/^\+\s*/, "").trim();
    await results.nth(0).click();
    const readAlso = page.getByTestId("read-also-list").locator("li");
    await expect(readAlso).toHaveCount(2);
    await page.getByRole("button", { name: `انقل «${second}» إلى الأعلى` }).click();
    await expect(readAlso.nth(0)).toContainText(second);
    await expect(readAlso.nth(1)).toContainText(first);

    await page.getByRole("button", { name: "انشر", exact: true }).click();
    const id = await waitForSavedStory(page);
    await expect(page.getByTestId("story-status")).toHaveText("منشور");
    await expect(page.getByTestId("form-message")).toContainText("نُشر الخبر");

    // The editor reloaded from the database keeps the tags and the read-also order.
    await expect(page.getByTestId("read-also-list").locator("li").nth(0)).toContainText(second);
    await expect(page.getByTestId("tag-chips").getByText(newTag)).toBeVisible();

    mkdirSync("/tmp/shots", { recursive: true });
    await page.screenshot({ path: "/tmp/shots/editor-1366.png", fullPage: true });

    // The public page: /news/<id>/<slug>, with the title, the tags line and the links in order.
    const href = await page.getByTestId("public-link").getAttribute("href");
    expect(href).toMatch(new RegExp(`^/news/${id}/`));
    const response = await page.goto(href!);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
    const tagsLine = page.getByRole("navigation", { name: "كلمات دلالية" });
    await expect(tagsLine.getByRole("link", { name: "بوتين" })).toBeVisible();
    await expect(tagsLine.getByRole("link", { name: newTag })).toBeVisible();
    const related = page.getByRole("region", { name: "اقرأ أيضاً" }).getByRole("link");
    await expect(related.nth(0)).toContainText(second.replace(/^عاجل\s*/, ""));
    await expect(related.nth(1)).toContainText(first.replace(/^عاجل\s*/, ""));

    // The staff preview is not for crawlers.
    await page.goto(`/admin/articles/${id}/preview`);
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
    await page.context().close();
  });

  test("a second editor saving a stale version gets the conflict message and keeps their text", async ({ browser }) => {
    const pageA = await signedInPage(browser);
    const stamp = Date.now().toString(36);
    await startStory(pageA, `خبر للتعارض ${stamp}`, "النص الأول.");
    await pageA.getByRole("button", { name: "احفظ المسودة" }).click();
    const id = await waitForSavedStory(pageA);

    const pageB = await signedInPage(browser, "editor@e2e.example", { width: 390, height: 844 });
    await pageB.goto(`/admin/articles/${id}`);
    await expect(pageB.getByLabel("العنوان", { exact: true })).toHaveValue(`خبر للتعارض ${stamp}`);
    await pageB.screenshot({ path: "/tmp/shots/editor-390.png", fullPage: true });

    await pageA.getByLabel("العنوان", { exact: true }).fill(`عنوان المحرر الأول ${stamp}`);
    await pageA.getByRole("button", { name: "احفظ المسودة" }).click();
    await expect(pageA.getByTestId("form-message")).toContainText("حُفظت");

    const mine = `عنوان المحرر الثاني ${stamp}`;
    await pageB.getByLabel("العنوان", { exact: true }).fill(mine);
    await typeBody(pageB, " إضافة من المحرر الثاني.");
    await pageB.getByRole("button", { name: "احفظ المسودة" }).click();
    const message = pageB.getByTestId("form-message");
    await expect(message).toContainText("حفظ شخص آخر هذا الخبر");
    await expect(message.getByRole("link", { name: /افتح النسخة الحالية/ })).toHaveAttribute("href", `/admin/articles/${id}`);
    // Nothing typed is lost.
    await expect(pageB.getByLabel("العنوان", { exact: true })).toHaveValue(mine);
    await expect(pageB.getByTestId("body-editor")).toContainText("إضافة من المحرر الثاني");

    // And nothing was overwritten: the stored story is editor A's.
    await pageA.reload();
    await expect(pageA.getByLabel("العنوان", { exact: true })).toHaveValue(`عنوان المحرر الأول ${stamp}`);
    await pageA.context().close();
    await pageB.context().close();
  });

  test("writers cannot publish: the buttons are hidden", async ({ browser }) => {
    const page = await signedInPage(browser, "writer@e2e.example");
    await page.goto("/admin/articles/new");
    await expect(page.getByRole("button", { name: "احفظ المسودة" })).toBeVisible();
    await expect(page.getByRole("button", { name: "انشر", exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "جدول النشر" })).toHaveCount(0);
    await page.context().close();
  });
});

test.describe("dashboard and tags admin", () => {
  test("the dashboard lists stories with counts and recent changes; the tags admin renames and merges a tag, and old slugs 301", async ({ browser }) => {
    const page = await signedInPage(browser);
    await expect(page.getByRole("heading", { level: 1, name: "الأخبار" })).toBeVisible();
    await expect(page.getByRole("link", { name: /^منشورة \(\d+\)$/ })).toBeVisible();
    await expect(page.getByRole("heading", { name: "آخر التغييرات" })).toBeVisible();
    await page.screenshot({ path: "/tmp/shots/dashboard-1366.png", fullPage: false });

    // Create a tag through a story, then rename it in the tags admin.
    const stamp = Date.now().toString(36);
    await startStory(page, `خبر لوسم ${stamp}`, "نص.");
    const tagInput = page.getByLabel("الكلمات الدلالية");
    await tagInput.fill(`وسم قديم ${stamp}`);
    await tagInput.press("Enter");
    await page.getByRole("button", { name: "احفظ المسودة" }).click();
    await waitForSavedStory(page);

    await page.goto(`/admin/tags?q=${encodeURIComponent(`وسم قديم ${stamp}`)}`);
    const row = page.locator("tbody tr").first();
    await row.getByLabel(/الاسم الجديد للوسم/).fill(`وسم جديد ${stamp}`);
    await row.getByRole("button", { name: "أعد التسمية" }).click();
    // The list is filtered by the old name, so the renamed row leaves it.
    await expect(page.locator("tbody tr")).toHaveCount(0);
    await page.goto(`/admin/tags?q=${encodeURIComponent(`وسم جديد ${stamp}`)}`);
    await expect(page.locator("tbody tr").first()).toContainText("1 رابط قديم محوّل");

    // Readers following the old slug land on the renamed tag with a 301.
    const tagPath = (name: string) => `/tag/${encodeURIComponent(name.replace(/ /g, "-"))}`;
    const renamed = await page.request.get(tagPath(`وسم قديم ${stamp}`), { maxRedirects: 0 });
    expect(renamed.status()).toBe(301);
    expect(new URL(renamed.headers()["location"]!, "http://x").pathname).toBe(tagPath(`وسم جديد ${stamp}`));

    // Merge it into «بوتين»: both of its old slugs now lead there.
    await page.getByLabel(`ادمج وسم جديد ${stamp} في`).fill("بوتين");
    await page.getByRole("button", { name: "ادمج" }).first().click();
    await expect(page.locator("tbody tr")).toHaveCount(0);
    for (const old of [`وسم جديد ${stamp}`, `وسم قديم ${stamp}`]) {
      const merged = await page.request.get(tagPath(old), { maxRedirects: 0 });
      expect(merged.status()).toBe(301);
      expect(new URL(merged.headers()["location"]!, "http://x").pathname).toBe(tagPath("بوتين"));
    }
    await page.context().close();
  });
});

test.describe("images and revisions", () => {
  // A 2×2 PNG: enough for sharp to decode and re-encode.
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==",
    "base64",
  );

  test("a hero image needs alt text, then uploads and is saved with the story", async ({ browser }) => {
    const page = await signedInPage(browser);
    const stamp = Date.now().toString(36);
    await startStory(page, `خبر بصورة ${stamp}`, "نص مع صورة.");
    await page.getByLabel(/ارفع صورة/).setInputFiles({ name: "hero.png", mimeType: "image/png", buffer: png });
    await page.getByRole("button", { name: "ارفع الصورة" }).click();
    await expect(page.getByText("النص البديل للصورة مطلوب")).toBeVisible();
    await page.getByLabel("النص البديل (مطلوب)").fill("صورة تجريبية");
    await page.getByRole("button", { name: "ارفع الصورة" }).click();
    await expect(page.getByRole("img", { name: "صورة تجريبية" })).toBeVisible();
    await page.getByRole("button", { name: "احفظ المسودة" }).click();
    await waitForSavedStory(page);
    await page.reload();
    await expect(page.getByRole("img", { name: "صورة تجريبية" })).toBeVisible();
    await page.context().close();
  });

  test("a 4.5 MB photo uploads; a 6 MB one, an SVG named .jpg and a GIF are refused next to the field", async ({ browser }) => {
    test.setTimeout(120_000);
    const [photo, tooBig, gif] = await Promise.all([noiseJpeg(4.5 * 1024 * 1024), noiseJpeg(6 * 1024 * 1024), solidImage("gif")]);
    const page = await signedInPage(browser);
    const stamp = Date.now().toString(36);
    await startStory(page, `خبر بصورة كبيرة ${stamp}`, "نص مع صورة من الميدان.");
    const fileField = page.getByLabel(/ارفع صورة/);
    const upload = async (name: string, mimeType: string, buffer: Buffer) => {
      await fileField.setInputFiles({ name, mimeType, buffer });
      await page.getByLabel("النص البديل (مطلوب)").fill(`صورة الميدان ${stamp}`);
      await page.getByRole("button", { name: "ارفع الصورة" }).click();
    };

    await upload("big.jpg", "image/jpeg", tooBig);
    await expect(fileField).toHaveAccessibleDescription("حجم الصورة أكبر من 5 ميغابايت");
    await upload("photo.jpg", "image/jpeg", svgImage);
    await expect(fileField).toHaveAccessibleDescription(/الصيغ المقبولة: JPEG و PNG و WebP فقط/);
    await upload("anim.gif", "image/gif", gif);
    await expect(fileField).toHaveAccessibleDescription(/الصيغ المقبولة: JPEG و PNG و WebP فقط/);

    await upload("DSC_0042.JPG", "image/jpeg", photo);
    await expect(page.getByRole("img", { name: `صورة الميدان ${stamp}` })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByLabel(/استبدل الصورة/)).not.toHaveAttribute("aria-invalid", "true");

    // The server holds the same line for a client that skips the editor's own size check, and
    // takes uploads only from this site's pages.
    const origin = new URL(page.url()).origin;
    const multipart = { file: { name: "big.jpg", mimeType: "image/jpeg", buffer: tooBig }, alt: "كبيرة" };
    const refused = await page.request.post("/admin/media/upload", { multipart, headers: { origin } });
    expect(refused.status()).toBe(413);
    expect((await refused.json()).fieldErrors.file).toEqual(["حجم الصورة أكبر من 5 ميغابايت"]);
    const small = { file: { name: "a.png", mimeType: "image/png", buffer: await solidImage("png") }, alt: "صغيرة" };
    expect((await page.request.post("/admin/media/upload", { multipart: small })).status()).toBe(403);
    expect((await page.request.post("/admin/media/upload", { multipart: small, headers: { origin: "https://evil.example" } })).status()).toBe(403);
    expect((await page.request.post("/admin/media/upload", { multipart: small, headers: { origin } })).status()).toBe(201);
    await page.context().close();
  });

  test("a writer drafts with tags, a hero image and ordered read-also; an editor schedules, then publishes", async ({ browser }) => {
    const writer = await signedInPage(browser, "writer@e2e.example");
    const stamp = Date.now().toString(36);
    const title = `مسودة كاتبة: اجتماع وزراء الطاقة ${stamp}`;
    const newTag = `وسم الكاتبة ${stamp}`;
    await startStory(writer, title, "قالت مصادر إن الاجتماع يبحث خطط Saudi Aramco للإنتاج.");
    await expect(writer.getByRole("button", { name: "انشر", exact: true })).toHaveCount(0);

    const tagInput = writer.getByLabel("الكلمات الدلالية");
    await tagInput.fill("الكرم");
    await writer.getByRole("list", { name: "اقتراحات الوسوم" }).getByRole("button", { name: /^الكرملين/ }).click();
    await tagInput.fill(newTag);
    await tagInput.press("Enter");

    const readAlsoSearch = writer.getByLabel("ابحث عن خبر منشور لإضافته");
    const results = writer.getByRole("list", { name: "نتائج البحث" }).getByRole("button");
    await readAlsoSearch.fill("بوتين");
    await expect(results.first()).toBeVisible();
    const first = (await results.nth(0).innerText()).replace(/^\+\s*/, "").trim();
    await results.nth(0).click();
    await readAlsoSearch.fill("بوتين");
    await expect(results.first()).toBeVisible();
    const second = (await results.nth(0).innerText()).replace(/^\+\s*/, "").trim();
    await results.nth(0).click();
    await writer.getByRole("button", { name: `انقل «${second}» إلى الأعلى` }).click();

    await writer.getByLabel(/ارفع صورة/).setInputFiles({ name: "hero.png", mimeType: "image/png", buffer: png });
    await writer.getByLabel("النص البديل (مطلوب)").fill(`صورة اجتماع الطاقة ${stamp}`);
    await writer.getByRole("button", { name: "ارفع الصورة" }).click();
    await expect(writer.getByRole("img", { name: `صورة اجتماع الطاقة ${stamp}` })).toBeVisible();
    await writer.getByRole("button", { name: "احفظ المسودة" }).click();
    const id = await waitForSavedStory(writer);
    await expect(writer.getByTestId("story-status")).toHaveText("مسودة");
    await writer.context().close();

    // A draft is not public.
    const editor = await signedInPage(browser);
    expect((await editor.request.get(`/news/${id}`, { maxRedirects: 0 })).status()).toBe(404);

    // The editor schedules it for tomorrow in the site's time zone: still not public.
    await editor.goto(`/admin/articles/${id}`);
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    const local = new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Asia/Riyadh", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
    }).format(tomorrow).replace(" ", "T");
    await editor.getByLabel("موعد النشر").fill(local);
    await editor.getByRole("button", { name: "جدول النشر" }).click();
    await expect(editor.getByTestId("story-status")).toHaveText("مجدول");
    expect((await editor.request.get(`/news/${id}`, { maxRedirects: 0 })).status()).toBe(404);

    // Then publishes it now, and readers see every part.
    await editor.getByRole("button", { name: "انشر", exact: true }).click();
    await expect(editor.getByTestId("story-status")).toHaveText("منشور");
    const href = await editor.getByTestId("public-link").getAttribute("href");
    const response = await editor.goto(href!);
    expect(response?.status()).toBe(200);
    await expect(editor.getByRole("heading", { level: 1 })).toContainText(title);
    await expect(editor.locator(".hero img")).toHaveAttribute("alt", `صورة اجتماع الطاقة ${stamp}`);
    await expect(editor.locator(".article-body bdi", { hasText: "Saudi Aramco" })).toBeAttached();
    const tagsLine = editor.getByRole("navigation", { name: "كلمات دلالية" });
    await expect(tagsLine.getByRole("link", { name: "الكرملين" })).toBeVisible();
    await expect(tagsLine.getByRole("link", { name: newTag })).toBeVisible();
    const related = editor.getByRole("region", { name: "اقرأ أيضاً" }).getByRole("link");
    await expect(related.nth(0)).toContainText(second.replace(/^عاجل\s*/, ""));
    await expect(related.nth(1)).toContainText(first.replace(/^عاجل\s*/, ""));
    await expect(editor.locator(".byline")).toContainText("كاتبة الاختبار");
    await editor.context().close();
  });

  test("an editor restores an old revision as a new version", async ({ browser }) => {
    const page = await signedInPage(browser);
    const stamp = Date.now().toString(36);
    await startStory(page, `العنوان الأول ${stamp}`, "نص.");
    await page.getByRole("button", { name: "احفظ المسودة" }).click();
    const id = await waitForSavedStory(page);
    await page.getByLabel("العنوان", { exact: true }).fill(`العنوان الثاني ${stamp}`);
    await page.getByRole("button", { name: "احفظ المسودة" }).click();
    await expect(page.getByTestId("form-message")).toContainText("حُفظت التغييرات");

    await page.goto(`/admin/articles/${id}/revisions`);
    const rows = page.locator("tbody tr");
    await expect(rows).toHaveCount(2);
    await rows.filter({ hasText: /^1/ }).getByRole("button", { name: "استعد" }).click();
    await page.waitForURL(new RegExp(`/admin/articles/${id}\\?saved=restored`));
    await expect(page.getByTestId("form-message")).toContainText("استُعيدت");
    await expect(page.getByLabel("العنوان", { exact: true })).toHaveValue(`العنوان الأول ${stamp}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("النسخة 3");
    await page.context().close();
  });
});
