import type { APIRequestContext } from "@playwright/test";
import { TAG_ALIASES_MAX, TAG_NAME_MAX } from "@/lib/articles/schemas";
import { TagsAdminPage } from "./pages/tags-admin-page";
import { expect, test } from "./support/fixtures";

// Tag aliases (admin → الوسوم): other spellings that search treats as the tag. An editor adds one
// in the tag's row and search finds the tag's stories by it; what the field refuses is explained
// beside it, the typed text stays to be corrected, and nothing of the submission is saved.

// Arabic letters only, so each run's words are new to search and matched as written.
const stamp = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`.replace(/\d/g, (digit) => "ابتثجحخدذر"[Number(digit)]!);

/** A published story carrying one new tag, made through the API (the e2e server's editor key). */
async function publishTagged(request: APIRequestContext, key: string, title: string, tag: string) {
  const response = await request.post("/api/v1/articles", {
    headers: { Authorization: `Bearer ${key}` },
    data: { title, bodyText: "فقرة من الخبر.", section: "سياسة", authors: ["e2e-editor"], tags: [tag], status: "published" },
  });
  expect(response.status()).toBe(201);
}

test("an editor adds an alias in the tag's row, sees it listed, and search finds the tag's story by it", async ({
  editorPage,
  editorApiKey,
  request,
  page,
}) => {
  const id = stamp();
  const tagName = `وسم الكنى ${id}`;
  const title = `خبر موسوم ${id}`;
  // Not in the story's title, body or tag name: only the alias can lead search to it.
  const alias = `لقب ${stamp()}`;
  await publishTagged(request, editorApiKey, title, tagName);

  const tags = new TagsAdminPage(editorPage);
  await tags.goto(tagName);
  await expect(tags.rows).toHaveCount(1);
  await expect(tags.aliasesField()).toHaveValue("");
  // A repeat and the tag's own name are dropped, not refused: the row comes back with the one alias.
  await tags.saveAliases(`${alias}، ${alias}, ${tagName}`);
  await expect(tags.aliasesField()).toHaveValue(alias);
  await tags.goto(tagName);
  await expect(tags.aliasesField()).toHaveValue(alias);

  await page.goto(`/search?q=${encodeURIComponent(alias)}`);
  const results = page.locator(".story-list > li");
  await expect(results).toHaveCount(1);
  await expect(results.getByRole("link", { name: title })).toBeVisible();
});

test("the aliases field explains what it refuses beside the field, keeps the typed text, and saves nothing", async ({
  editorPage,
  editorApiKey,
  request,
}) => {
  const id = stamp();
  const tagName = `وسم المرفوض ${id}`;
  const saved = `لقب ${stamp()}`;
  await publishTagged(request, editorApiKey, `خبر للأسماء المرفوضة ${id}`, tagName);
  const tags = new TagsAdminPage(editorPage);
  await tags.goto(tagName);
  // The tag's own name is dropped, so the field changing to `saved` says the save is done.
  await tags.saveAliases(`${saved}، ${tagName}`);
  await expect(tags.aliasesField()).toHaveValue(saved);

  const field = tags.aliasesField();
  const refusals = [
    // One good alias beside a bad one: the whole submission is refused, the good one with it.
    { typed: `${saved}، اسم جديد، ${"ب".repeat(TAG_NAME_MAX + 1)}`, message: `اسم الوسم أطول من ${TAG_NAME_MAX} حرف` },
    { typed: `${saved}، ؟!`, message: "اسم الوسم يحتاج إلى حرف أو رقم" },
    {
      typed: Array.from({ length: TAG_ALIASES_MAX + 1 }, (_, i) => `${saved} ${"ابتثجحخدذرز"[i]}`).join("، "),
      message: `للوسم ${TAG_ALIASES_MAX} أسماء بديلة على الأكثر، و«${tagName}» سيحمل ${TAG_ALIASES_MAX + 1}: احذف بعضها أولاً`,
    },
  ];
  for (const { typed, message } of refusals) {
    await tags.saveAliases(typed);
    await expect(field).toHaveAccessibleDescription(message);
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveValue(typed);
  }

  await tags.goto(tagName);
  await expect(field).toHaveValue(saved);
  await expect(field).not.toHaveAttribute("aria-invalid", "true");
});
