import { expect, type Locator, type Page } from "@playwright/test";

/** The front-page admin (/admin/front-page): pick stories by title, schedule them, save. */
export class FrontPageAdminPage {
  readonly page: Page;
  readonly status: Locator;

  constructor(page: Page) {
    this.page = page;
    this.status = page.locator(".fp-actions [role=status]");
  }

  async goto() {
    return this.page.goto("/admin/front-page");
  }

  /** Searches `finderLabel`'s box for `title` and picks the story. */
  private async pick(finderLabel: string, title: string) {
    await this.page.getByLabel(finderLabel).fill(title);
    await this.page.getByRole("list", { name: "نتائج البحث" }).getByRole("button", { name: title }).click();
  }

  async setLead(title: string) {
    await this.pick("ابحث عن الخبر الرئيسي", title);
  }

  async addTopStory(title: string) {
    await this.pick("ابحث عن خبر بارز", title);
  }

  /** Turns the featured strip on with `label` and puts `title` in it. */
  async feature(label: string, title: string) {
    await this.page.getByRole("button", { name: "أضف شريطاً مميّزاً" }).click();
    await this.page.getByLabel("عنوان الشريط").fill(label);
    await this.pick("ابحث عن خبر للشريط المميّز", title);
  }

  /** The slot holding `title` in the top stories. */
  topSlot(title: string): Locator {
    return this.page.getByTestId("top-slots").locator("li.fp-slot").filter({ hasText: title });
  }

  /** Ends the top story `title`'s slot at `localDateTime` ("2026-12-07T18:00:30", the site's zone). */
  async setTopStoryUntil(title: string, localDateTime: string) {
    await this.topSlot(title).getByLabel("حتى").fill(localDateTime);
  }

  /** Takes every story off the front page (lead, top stories, the strip) and saves: the page is the latest stories again. */
  async clear() {
    const removers = this.page.locator("form.fp-form").getByRole("button", { name: /^أزل «/ });
    while ((await removers.count()) > 0) await removers.first().click();
    const dropStrip = this.page.getByRole("button", { name: "ألغِ الشريط المميّز" });
    if (await dropStrip.count()) await dropStrip.click();
    await this.save();
  }

  async save() {
    await this.page.getByRole("button", { name: "احفظ الواجهة" }).click();
    await expect(this.status).toContainText("حُفظت الواجهة");
  }
}
