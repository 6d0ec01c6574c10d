import { expect, type Locator, type Page } from "@playwright/test";

/** The story editor (/admin/articles/new and /admin/articles/<id>), by its Arabic labels. */
export class StoryEditorPage {
  readonly page: Page;
  readonly title: Locator;
  readonly slug: Locator;
  readonly dek: Locator;
  readonly section: Locator;
  readonly sourceName: Locator;
  readonly body: Locator;
  readonly tagInput: Locator;
  readonly tagSuggestions: Locator;
  readonly tagChips: Locator;
  readonly readAlsoSearch: Locator;
  readonly readAlsoResults: Locator;
  readonly readAlsoItems: Locator;
  readonly heroFile: Locator;
  readonly heroAlt: Locator;
  readonly uploadButton: Locator;
  readonly scheduledAt: Locator;
  readonly saveDraftButton: Locator;
  readonly publishButton: Locator;
  readonly scheduleButton: Locator;
  /** The answer to the last save: saved, published, the conflict notice… */
  readonly message: Locator;
  readonly status: Locator;
  readonly publicLink: Locator;

  constructor(page: Page) {
    this.page = page;
    this.title = page.getByLabel("العنوان", { exact: true });
    this.slug = page.getByLabel("الرابط المختصر");
    this.dek = page.getByLabel("الموجز");
    this.section = page.getByLabel("القسم");
    this.sourceName = page.getByLabel("اسم المصدر");
    this.body = page.getByTestId("body-editor");
    this.tagInput = page.getByLabel("الكلمات الدلالية");
    this.tagSuggestions = page.getByRole("list", { name: "اقتراحات الوسوم" });
    this.tagChips = page.getByTestId("tag-chips");
    this.readAlsoSearch = page.getByLabel("ابحث عن خبر منشور لإضافته");
    this.readAlsoResults = page.getByRole("list", { name: "نتائج البحث" }).getByRole("button");
    this.readAlsoItems = page.getByTestId("read-also-list").locator("li");
    this.heroFile = page.getByLabel(/ارفع صورة/);
    this.heroAlt = page.getByLabel("النص البديل (مطلوب)");
    this.uploadButton = page.getByRole("button", { name: "ارفع الصورة" });
    this.scheduledAt = page.getByLabel("موعد النشر");
    this.saveDraftButton = page.getByRole("button", { name: "احفظ المسودة" });
    this.publishButton = page.getByRole("button", { name: "انشر", exact: true });
    this.scheduleButton = page.getByRole("button", { name: "جدول النشر" });
    this.message = page.getByTestId("form-message");
    this.status = page.getByTestId("story-status");
    this.publicLink = page.getByTestId("public-link");
  }

  async gotoNew() {
    return this.page.goto("/admin/articles/new");
  }

  async goto(id: number) {
    return this.page.goto(`/admin/articles/${id}`);
  }

  /** A new story with a title and a first paragraph, not yet saved. */
  async start(title: string, bodyText: string) {
    await this.gotoNew();
    await this.title.fill(title);
    await this.typeBody(bodyText);
  }

  async typeBody(text: string) {
    await this.body.click();
    await this.page.keyboard.type(text);
  }

  /** Types part of an existing tag's name and picks the suggestion that starts with `name`. */
  async pickTag(typed: string, name: string) {
    await this.tagInput.fill(typed);
    await this.tagSuggestions.getByRole("button", { name: new RegExp(`^${name}`) }).click();
  }

  /** Types a tag's name and presses Enter (a new tag is created on save). */
  async addTag(name: string) {
    await this.tagInput.fill(name);
    await this.tagInput.press("Enter");
  }

  /** Searches «اقرأ أيضاً», adds the first result and returns its text as listed. */
  async addFirstReadAlso(query: string): Promise<string> {
    await this.readAlsoSearch.fill(query);
    await expect(this.readAlsoResults.first()).toBeVisible();
    const text = (await this.readAlsoResults.nth(0).innerText()).replace(/^\+\s*/, "").trim();
    await this.readAlsoResults.nth(0).click();
    return text;
  }

  async moveReadAlsoUp(text: string) {
    await this.page.getByRole("button", { name: `انقل «${text}» إلى الأعلى` }).click();
  }

  /** Chooses a hero image and its alt text, then presses «ارفع الصورة». */
  async uploadHero(file: { name: string; mimeType: string; buffer: Buffer }, alt: string) {
    await this.heroFile.setInputFiles(file);
    await this.heroAlt.fill(alt);
    await this.uploadButton.click();
  }

  async saveDraft() {
    await this.saveDraftButton.click();
  }

  async publish() {
    await this.publishButton.click();
  }

  /** Schedules for a local time in the site's zone, as the datetime-local field takes it. */
  async schedule(localDateTime: string) {
    await this.scheduledAt.fill(localDateTime);
    await this.scheduleButton.click();
  }

  /** After the first save of a new story: waits for its own URL and returns its id. */
  async waitForSaved(): Promise<number> {
    await this.page.waitForURL(/\/admin\/articles\/\d+(\?|$)/);
    await expect(this.page.getByRole("heading", { level: 1 })).toContainText("تحرير خبر");
    return Number(new URL(this.page.url()).pathname.split("/").pop());
  }
}
