import type { Locator, Page } from "@playwright/test";

/** The tags admin (/admin/tags): search, rename and merge, one row per tag. */
export class TagsAdminPage {
  readonly page: Page;
  readonly rows: Locator;

  constructor(page: Page) {
    this.page = page;
    this.rows = page.locator("tbody tr");
  }

  /** The list, filtered by name when `query` is given. */
  async goto(query?: string) {
    return this.page.goto(query === undefined ? "/admin/tags" : `/admin/tags?q=${encodeURIComponent(query)}`);
  }

  /** Renames the tag in `row` (the first row by default). */
  async rename(newName: string, row: Locator = this.rows.first()) {
    await row.getByLabel(/الاسم الجديد للوسم/).fill(newName);
    await row.getByRole("button", { name: "أعد التسمية" }).click();
  }

  /** Merges the tag named `name` into the tag named `into`. */
  async merge(name: string, into: string) {
    await this.page.getByLabel(`ادمج ${name} في`).fill(into);
    await this.page.getByRole("button", { name: "ادمج" }).first().click();
  }
}
