import { expect, type Locator, type Page } from "@playwright/test";

/** The live desk (/admin/articles/<id>/live): post entries to a running coverage, pin them. */
export class LiveDeskPage {
  readonly page: Page;
  readonly newEntry: Locator;
  readonly entries: Locator;

  constructor(page: Page) {
    this.page = page;
    this.newEntry = page.getByTestId("new-live-entry");
    this.entries = page.getByTestId("desk-entry");
  }

  async goto(articleId: number) {
    return this.page.goto(`/admin/articles/${articleId}/live`);
  }

  /** Posts an entry and waits until the desk lists it. */
  async post(title: string, text: string, options: { key?: boolean } = {}) {
    await this.newEntry.getByLabel("عنوان التحديث").fill(title);
    await this.newEntry.getByTestId("body-editor").click();
    await this.page.keyboard.type(text);
    if (options.key) await this.newEntry.getByLabel("تحديث مهم").check();
    await this.newEntry.getByRole("button", { name: "انشر التحديث" }).click();
    await expect(this.newEntry.getByRole("status")).toHaveText("نُشر التحديث");
    await expect(this.entries.filter({ hasText: title })).toHaveCount(1);
    // The fields empty themselves for the next entry.
    await expect(this.newEntry.getByLabel("عنوان التحديث")).toHaveValue("");
  }

  async pin(title: string) {
    await this.entries.filter({ hasText: title }).getByRole("button", { name: "ثبّت" }).click();
    await expect(this.entries.first()).toContainText("مثبّت");
  }
}
