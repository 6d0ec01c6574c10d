import type { Locator, Page } from "@playwright/test";

/** The tags admin (/admin/tags): search, rename, aliases and merge, one row per tag. */
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

  /** The aliases field of the tag in `row` (the first row by default): what is saved, or what was typed. */
  aliasesField(row: Locator = this.rows.first()): Locator {
    return row.getByLabel(/أسماء بديلة للوسم/);
  }

  /** Saves `aliases`, typed as an editor types them (separated by commas), for the tag in `row`. */
  async saveAliases(aliases: string, row: Locator = this.rows.first()) {
    await this.aliasesField(row).fill(aliases);
    await row.getByRole("button", { name: "احفظ البدائل" }).click();
  }

  /** Merges the tag named `name` into the tag named `into`. */
  async merge(name: string, into: string) {
    await this.page.getByLabel(`ادمج ${name} في`).fill(into);
    await this.page.getByRole("button", { name: "ادمج" }).first().click();
  }
}
