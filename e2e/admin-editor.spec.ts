import type { BrowserContextOptions, Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { StoryEditorPage } from "./pages/story-editor-page";
import { TagsAdminPage } from "./pages/tags-admin-page";
import type { E2eRole } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { noiseJpeg, solidImage, svgImage } from "../tests/support/images";

// The editor's loop: write a story with body, tags and «اقرأ أيضاً», publish it, read it on the
// public page; and two editors saving the same story, where the second gets the conflict.

// The admin's Content-Security-Policy (a nonce, no inline scripts) must not break the editor:
// the browser reports each blocked script or style as a console message, and any fails the test.
const cspViolations: string[] = [];
test.afterEach(() => {
  const found = cspViolations.splice(0);
  expect(found, "Content Security Policy violations").toEqual([]);
});

/** A signed-in page (fixture pageAs) whose policy violations fail the test, with its story editor. */
async function openEditor(
  pageAs: (role: E2eRole, options?: BrowserContextOptions) => Promise<Page>,
  role: E2eRole = "editor",
  viewport = { width: 1366, height: 900 },
): Promise<StoryEditorPage> {
  const page = await pageAs(role, { viewport });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
  });
  return new StoryEditorPage(page);
}

test.describe("story editor", () => {
  test("an editor writes, tags, links and publishes a story, and readers see it", async ({ pageAs }) => {
    const editor = await openEditor(pageAs);
    const page = editor.page;
    const stamp = Date.now().toString(36);
    const title = `اختبار المحرر: قمة الطاقة في الرياض ${stamp}`;
    const newTag = `وسم تجريبي ${stamp}`;
    await editor.start(title, "قال مسؤولون إن القمة تناقش أسعار OPEC+ والطاقة المتجددة.");

    // The slug follows the title and keeps Arabic letters.
    await expect(editor.slug).toHaveValue(new RegExp(`^اختبار-المحرر-قمة-الطاقة-في-الرياض-${stamp}$`));

    // An existing tag through autocomplete (normalised match), and a new one typed in.
    await editor.pickTag("بوتي", "بوتين");
    await editor.addTag(newTag);
    const chips = editor.tagChips;
    await expect(chips.getByText("بوتين", { exact: true })).toBeVisible();
    await expect(chips.getByText(newTag)).toBeVisible();

    // Two «read also» links, then reordered.
    const first = await editor.addFirstReadAlso("ال");
    const second = await editor.addFirstReadAlso("ال");
    const readAlso = editor.readAlsoItems;
    await expect(readAlso).toHaveCount(2);
    await editor.moveReadAlsoUp(second);
    await expect(readAlso.nth(0)).toContainText(second);
    await expect(readAlso.nth(1)).toContainText(first);

    await editor.publish();
    const id = await editor.waitForSaved();
    await expect(editor.status).toHaveText("منشور");
    await expect(editor.message).toContainText("نُشر الخبر");

    // The editor reloaded from the database keeps the tags and the read-also order.
    await expect(editor.readAlsoItems.nth(0)).toContainText(second);
    await expect(editor.tagChips.getByText(newTag)).toBeVisible();

    mkdirSync("/tmp/shots", { recursive: true });
    await page.screenshot({ path: "/tmp/shots/editor-1366.png", fullPage: true });

    // The public page: /news/<id>/<slug>, with the title, the tags line and the links in order.
    const href = await editor.publicLink.getAttribute("href");
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
  });

  test("a second editor saving a stale version gets the conflict message and keeps their text", async ({ pageAs }) => {
    const editorA = await openEditor(pageAs);
    const stamp = Date.now().toString(36);
    await editorA.start(`خبر للتعارض ${stamp}`, "النص الأول.");
    await editorA.saveDraft();
    const id = await editorA.waitForSaved();

    const editorB = await openEditor(pageAs, "editor", { width: 390, height: 844 });
    await editorB.goto(id);
    await expect(editorB.title).toHaveValue(`خبر للتعارض ${stamp}`);
    await editorB.page.screenshot({ path: "/tmp/shots/editor-390.png", fullPage: true });

    await editorA.title.fill(`عنوان المحرر الأول ${stamp}`);
    await editorA.saveDraft();
    await expect(editorA.message).toContainText("حُفظت");

    const mine = `عنوان المحرر الثاني ${stamp}`;
    await editorB.title.fill(mine);
    await editorB.typeBody(" إضافة من المحرر الثاني.");
    await editorB.saveDraft();
    const message = editorB.message;
    await expect(message).toContainText("حفظ شخص آخر هذا الخبر");
    await expect(message.getByRole("link", { name: /افتح النسخة الحالية/ })).toHaveAttribute("href", `/admin/articles/${id}`);
    // Nothing typed is lost.
    await expect(editorB.title).toHaveValue(mine);
    await expect(editorB.body).toContainText("إضافة من المحرر الثاني");

    // And nothing was overwritten: the stored story is editor A's.
    await editorA.page.reload();
    await expect(editorA.title).toHaveValue(`عنوان المحرر الأول ${stamp}`);
  });

  test("writers cannot publish: the buttons are hidden", async ({ pageAs }) => {
    const editor = await openEditor(pageAs, "writer");
    await editor.gotoNew();
    await expect(editor.saveDraftButton).toBeVisible();
    await expect(editor.publishButton).toHaveCount(0);
    await expect(editor.scheduleButton).toHaveCount(0);
  });
});

test.describe("dashboard and tags admin", () => {
  test("the dashboard lists stories with counts and recent changes; the tags admin renames and merges a tag, and old slugs 301", async ({ pageAs }) => {
    const editor = await openEditor(pageAs);
    const page = editor.page;
    await page.goto("/admin/articles");
    await expect(page.getByRole("heading", { level: 1, name: "الأخبار" })).toBeVisible();
    await expect(page.getByRole("link", { name: /^منشورة \(\d+\)$/ })).toBeVisible();
    await expect(page.getByRole("heading", { name: "آخر التغييرات" })).toBeVisible();
    await page.screenshot({ path: "/tmp/shots/dashboard-1366.png", fullPage: false });

    // Create a tag through a story, then rename it in the tags admin.
    const stamp = Date.now().toString(36);
    await editor.start(`خبر لوسم ${stamp}`, "نص.");
    await editor.addTag(`وسم قديم ${stamp}`);
    await editor.saveDraft();
    await editor.waitForSaved();

    const tags = new TagsAdminPage(page);
    await tags.goto(`وسم قديم ${stamp}`);
    await tags.rename(`وسم جديد ${stamp}`);
    // The list is filtered by the old name, so the renamed row leaves it.
    await expect(tags.rows).toHaveCount(0);
    await tags.goto(`وسم جديد ${stamp}`);
    await expect(tags.rows.first()).toContainText("1 رابط قديم محوّل");

    // Readers following the old slug land on the renamed tag with a 301.
    const tagPath = (name: string) => `/tag/${encodeURIComponent(name.replace(/ /g, "-"))}`;
    const renamed = await page.request.get(tagPath(`وسم قديم ${stamp}`), { maxRedirects: 0 });
    expect(renamed.status()).toBe(301);
    expect(new URL(renamed.headers()["location"]!, "http://x").pathname).toBe(tagPath(`وسم جديد ${stamp}`));

    // Merge it into «بوتين»: both of its old slugs now lead there.
    await tags.merge(`وسم جديد ${stamp}`, "بوتين");
    await expect(tags.rows).toHaveCount(0);
    for (const old of [`وسم جديد ${stamp}`, `وسم قديم ${stamp}`]) {
      const merged = await page.request.get(tagPath(old), { maxRedirects: 0 });
      expect(merged.status()).toBe(301);
      expect(new URL(merged.headers()["location"]!, "http://x").pathname).toBe(tagPath("بوتين"));
    }
  });
});

test.describe("images and revisions", () => {
  // A 2×2 PNG: enough for sharp to decode and re-encode.
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==",
    "base64",
  );

  test("a hero image needs alt text, then uploads and is saved with the story", async ({ pageAs }) => {
    const editor = await openEditor(pageAs);
    const page = editor.page;
    const stamp = Date.now().toString(36);
    await editor.start(`خبر بصورة ${stamp}`, "نص مع صورة.");
    await editor.heroFile.setInputFiles({ name: "hero.png", mimeType: "image/png", buffer: png });
    await editor.uploadButton.click();
    await expect(page.getByText("النص البديل للصورة مطلوب")).toBeVisible();
    await editor.heroAlt.fill("صورة تجريبية");
    await editor.uploadButton.click();
    await expect(page.getByRole("img", { name: "صورة تجريبية" })).toBeVisible();
    await editor.saveDraft();
    await editor.waitForSaved();
    await page.reload();
    await expect(page.getByRole("img", { name: "صورة تجريبية" })).toBeVisible();
  });

  test("a 4.5 MB photo uploads; a 6 MB one, an SVG named .jpg and a GIF are refused next to the field", async ({ pageAs }) => {
    test.setTimeout(120_000);
    const [photo, tooBig, gif] = await Promise.all([noiseJpeg(4.5 * 1024 * 1024), noiseJpeg(6 * 1024 * 1024), solidImage("gif")]);
    const editor = await openEditor(pageAs);
    const page = editor.page;
    const stamp = Date.now().toString(36);
    await editor.start(`خبر بصورة كبيرة ${stamp}`, "نص مع صورة من الميدان.");
    const fileField = editor.heroFile;
    const upload = (name: string, mimeType: string, buffer: Buffer) => editor.uploadHero({ name, mimeType, buffer }, `صورة الميدان ${stamp}`);

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
  });

  test("a writer drafts with tags, a hero image and ordered read-also; an editor schedules, then publishes", async ({ pageAs }) => {
    const writerEditor = await openEditor(pageAs, "writer");
    const writer = writerEditor.page;
    const stamp = Date.now().toString(36);
    const title = `مسودة كاتبة: اجتماع وزراء الطاقة ${stamp}`;
    const newTag = `وسم الكاتبة ${stamp}`;
    await writerEditor.start(title, "قالت مصادر إن الاجتماع يبحث خطط Saudi Aramco للإنتاج.");
    await expect(writerEditor.publishButton).toHaveCount(0);

    await writerEditor.pickTag("الكرم", "الكرملين");
    await writerEditor.addTag(newTag);

    const first = await writerEditor.addFirstReadAlso("بوتين");
    const second = await writerEditor.addFirstReadAlso("بوتين");
    await writerEditor.moveReadAlsoUp(second);

    await writerEditor.uploadHero({ name: "hero.png", mimeType: "image/png", buffer: png }, `صورة اجتماع الطاقة ${stamp}`);
    await expect(writer.getByRole("img", { name: `صورة اجتماع الطاقة ${stamp}` })).toBeVisible();
    await writerEditor.saveDraft();
    const id = await writerEditor.waitForSaved();
    await expect(writerEditor.status).toHaveText("مسودة");
    await writer.context().close();

    // A draft is not public.
    const editorPage = await openEditor(pageAs);
    const editor = editorPage.page;
    expect((await editor.request.get(`/news/${id}`, { maxRedirects: 0 })).status()).toBe(404);

    // The editor schedules it for tomorrow in the site's time zone: still not public.
    await editorPage.goto(id);
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    const local = new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Asia/Riyadh", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
    }).format(tomorrow).replace(" ", "T");
    await editorPage.schedule(local);
    await expect(editorPage.status).toHaveText("مجدول");
    expect((await editor.request.get(`/news/${id}`, { maxRedirects: 0 })).status()).toBe(404);

    // Then publishes it now, and readers see every part.
    await editorPage.publish();
    await expect(editorPage.status).toHaveText("منشور");
    const href = await editorPage.publicLink.getAttribute("href");
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
  });

  test("an editor restores an old revision as a new version", async ({ pageAs }) => {
    const editor = await openEditor(pageAs);
    const page = editor.page;
    const stamp = Date.now().toString(36);
    await editor.start(`العنوان الأول ${stamp}`, "نص.");
    await editor.saveDraft();
    const id = await editor.waitForSaved();
    await editor.title.fill(`العنوان الثاني ${stamp}`);
    await editor.saveDraft();
    await expect(editor.message).toContainText("حُفظت التغييرات");

    await page.goto(`/admin/articles/${id}/revisions`);
    const rows = page.locator("tbody tr");
    await expect(rows).toHaveCount(2);
    await rows.filter({ hasText: /^1/ }).getByRole("button", { name: "استعد" }).click();
    await page.waitForURL(new RegExp(`/admin/articles/${id}\\?saved=restored`));
    await expect(editor.message).toContainText("استُعيدت");
    await expect(editor.title).toHaveValue(`العنوان الأول ${stamp}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("النسخة 3");
  });
});
