import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

// The admin's API-keys page and the JSON API its keys open: 401, 201, 400, 403, 404, 409, 413 and
// revocation. This spec tests that page itself, so its keys are made there; every other spec uses
// the keys the e2e server made (fixtures editorApiKey, writerApiKey).
async function createKeyInUi(page: Page, name: string, role: "editor" | "writer"): Promise<string> {
  await page.goto("/admin/api-keys");
  await page.getByLabel("اسم المفتاح (من يستخدمه؟)").fill(name);
  await page.getByLabel("الدور").selectOption(role);
  await page.getByRole("button", { name: "إنشاء مفتاح" }).click();
  const key = (await page.getByTestId("created-api-key").textContent())?.trim() ?? "";
  expect(key).toMatch(/^nr_live_[A-Za-z0-9_-]{40,}$/);
  return key;
}

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

test.describe("JSON API /api/v1", () => {
  test("keys from the admin UI: 401, 201, 400, 403, 404, 409, 413 and revocation", async ({ adminPage: admin, playwright }) => {
    await admin.goto("/admin/api-keys");
    const editorKey = await createKeyInUi(admin, "نظام الأخبار العاجلة", "editor");
    const writerKey = await createKeyInUi(admin, "وكالة الأنباء", "writer");
    // The key is shown once; the list shows only its prefix.
    await admin.reload();
    await expect(admin.getByTestId("created-api-key")).toHaveCount(0);
    await expect(admin.locator(`tr[data-key-prefix="${writerKey.slice(0, 14)}"]`)).toBeVisible();

    const api: APIRequestContext = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });

    expect((await api.get("/api/v1/articles")).status()).toBe(401);
    expect((await api.get("/api/v1/articles", { headers: bearer("nr_live_not-a-real-key") })).status()).toBe(401);

    const list = await api.get("/api/v1/articles?status=published&limit=2", { headers: bearer(writerKey) });
    expect(list.status()).toBe(200);
    const page1 = (await list.json()) as { items: { id: number; section: string }[]; nextCursor: string | null };
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).not.toBeNull();
    const section = page1.items[0]!.section;
    expect((await api.get("/api/v1/articles?limit=abc", { headers: bearer(writerKey) })).status()).toBe(400);

    const tags = await api.get("/api/v1/tags", { headers: bearer(writerKey) });
    expect(tags.status()).toBe(200);
    expect(((await tags.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);

    const story = {
      title: "وصول وفد المفاوضين إلى العاصمة",
      dek: "خبر من واجهة البرمجة",
      bodyText: "وصل الوفد صباح اليوم.\n\nوقال مصدر إن المحادثات تبدأ غداً.",
      section,
      authors: ["e2e-editor"],
      tags: ["مفاوضات", "وسم جديد من الواجهة"],
      sourceName: "وكالة الأنباء",
      sourceUrl: "https://agency.example/story/1",
    };
    const created = await api.post("/api/v1/articles", { headers: bearer(editorKey), data: { ...story, status: "published" } });
    expect(created.status()).toBe(201);
    const article = (await created.json()) as Record<string, unknown> & { id: number; version: number; url: string };
    expect(created.headers()["location"]).toBe(`/api/v1/articles/${article.id}`);
    expect(article).toMatchObject({
      title: story.title,
      section,
      authors: ["e2e-editor"],
      tags: story.tags,
      status: "published",
      version: 1,
      isBreaking: false,
      readAlso: [],
    });
    expect(article.url).toMatch(new RegExp(`^https?://[^/]+/news/${article.id}/`));
    for (const field of ["slug", "body", "dek", "sourceName", "sourceUrl", "scheduledAt", "firstPublishedAt", "updatedAt"]) {
      expect(article).toHaveProperty(field);
    }

    const invalid = await api.post("/api/v1/articles", { headers: bearer(editorKey), data: { ...story, title: "", authors: ["nobody-here"] } });
    expect(invalid.status()).toBe(400);
    const invalidBody = (await invalid.json()) as { error: string; fieldErrors: Record<string, string[]> };
    expect(Object.keys(invalidBody.fieldErrors)).toEqual(expect.arrayContaining(["authors"]));

    const malformed = await api.post("/api/v1/articles", {
      headers: { ...bearer(editorKey), "Content-Type": "application/json" },
      data: '{"title": "مقطوع',
    });
    expect(malformed.status()).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toBeTruthy();

    const writerPublishes = await api.post("/api/v1/articles", { headers: bearer(writerKey), data: { ...story, status: "published" } });
    expect(writerPublishes.status()).toBe(403);
    const writerDrafts = await api.post("/api/v1/articles", { headers: bearer(writerKey), data: story });
    expect(writerDrafts.status()).toBe(201);
    expect(((await writerDrafts.json()) as { status: string }).status).toBe("draft");

    expect((await api.get("/api/v1/articles/999999999", { headers: bearer(writerKey) })).status()).toBe(404);
    expect((await api.patch("/api/v1/articles/999999999", { headers: bearer(editorKey), data: { version: 1 } })).status()).toBe(404);
    const fetched = await api.get(`/api/v1/articles/${article.id}`, { headers: bearer(writerKey) });
    expect(fetched.status()).toBe(200);

    const noVersion = await api.patch(`/api/v1/articles/${article.id}`, { headers: bearer(editorKey), data: { title: "بلا إصدار" } });
    expect(noVersion.status()).toBe(400);
    expect(((await noVersion.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.version).toBeTruthy();

    const patched = await api.patch(`/api/v1/articles/${article.id}`, {
      headers: bearer(editorKey),
      data: { title: "وصول الوفد وبدء المحادثات", isBreaking: true, version: 1 },
    });
    expect(patched.status()).toBe(200);
    expect(await patched.json()).toMatchObject({ title: "وصول الوفد وبدء المحادثات", isBreaking: true, version: 2, tags: story.tags });

    const stale = await api.patch(`/api/v1/articles/${article.id}`, { headers: bearer(editorKey), data: { title: "قديم", version: 1 } });
    expect(stale.status()).toBe(409);
    expect(await stale.json()).toMatchObject({ error: expect.any(String), currentVersion: 2 });

    const huge = await api.post("/api/v1/articles", {
      headers: { ...bearer(editorKey), "Content-Type": "application/json" },
      data: JSON.stringify({ ...story, bodyText: "ك".repeat(600_000) }),
    });
    expect(huge.status()).toBe(413);

    // Revoking in the UI refuses the key on its next request.
    await admin.goto("/admin/api-keys");
    admin.once("dialog", (dialog) => void dialog.accept());
    await admin.locator(`tr[data-key-prefix="${writerKey.slice(0, 14)}"]`).getByRole("button", { name: "إلغاء" }).click();
    await expect(admin.locator(`tr[data-key-prefix="${writerKey.slice(0, 14)}"]`).getByText("أُلغي")).toBeVisible();
    expect((await api.get("/api/v1/tags", { headers: bearer(writerKey) })).status()).toBe(401);

    await api.dispose();
  });
});
