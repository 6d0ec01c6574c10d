import type { APIRequestContext } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { StoryEditorPage } from "./pages/story-editor-page";
import { expect, test } from "./support/fixtures";

// Who sees which story, through every door a writer has: the dashboard's editor and preview, the
// «اقرأ أيضاً» picker, and a writer's API key. Another author's draft is "not found" everywhere,
// answered exactly like an id that does not exist. And a tag only a draft carries has no public
// page or feed until the story is published, when the page appears on the next request.

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

async function tagSlug(api: APIRequestContext, key: string, name: string): Promise<string> {
  let cursor = "";
  for (;;) {
    const page = (await (await api.get(`/api/v1/tags?limit=500${cursor}`, { headers: bearer(key) })).json()) as {
      items: { name: string; slug: string }[];
      nextCursor: string | null;
    };
    const found = page.items.find((tag) => tag.name === name);
    if (found) return found.slug;
    expect(page.nextCursor, `tag ${name} listed`).not.toBeNull();
    cursor = `&cursor=${page.nextCursor}`;
  }
}

test("a writer never sees another author's draft, and a draft's new tag has no public page until it is published", async ({
  playwright,
  writerPage: writer,
  editorApiKey: editorKey,
  writerApiKey: writerKey,
}) => {
  const api = await playwright.request.newContext({ baseURL });

  const stamp = Date.now().toString(36);
  const section = (
    (await (await api.get("/api/v1/articles?status=published&limit=1", { headers: bearer(editorKey) })).json()) as { items: { section: string }[] }
  ).items[0]!.section;
  const tagName = `وسم مسودة سرية ${stamp}`;
  const publicTitle = `خبر منشور للربط ${stamp}`;
  const draftTitle = `مسودة المحرر السرية ${stamp}`;
  const post = async (data: Record<string, unknown>) => {
    const response = await api.post("/api/v1/articles", { headers: bearer(editorKey), data: { section, authors: ["e2e-editor"], bodyText: "نص.", ...data } });
    expect(response.status()).toBe(201);
    return (await response.json()) as { id: number; version: number };
  };
  const published = await post({ title: publicTitle, status: "published" });
  const draft = await post({ title: draftTitle, tags: [tagName] });
  const missingId = 2_000_000_000;

  // The writer's dashboard: the editor's draft does not open, in the editor or the preview.
  expect((await writer.goto(`/admin/articles/${draft.id}`))?.status()).toBe(404);
  expect((await writer.goto(`/admin/articles/${draft.id}/preview`))?.status()).toBe(404);

  // The picker offers the published story, but not the draft, by title or by id.
  const picker = new StoryEditorPage(writer);
  await picker.gotoNew();
  const search = picker.readAlsoSearch;
  const results = picker.readAlsoResults;
  await search.fill(publicTitle);
  await expect(results).toHaveCount(1);
  await expect(results.first()).toContainText(publicTitle);
  for (const q of [draftTitle, String(draft.id)]) {
    const response = await writer.request.get(`/admin/articles/linkable?q=${encodeURIComponent(q)}`);
    expect(response.status()).toBe(200);
    expect(((await response.json()) as { stories: unknown[] }).stories, q).toEqual([]);
  }

  // Linking the draft by id on save gets the very answer a missing id gets.
  const linkTo = (id: number) =>
    api.post("/api/v1/articles", {
      headers: bearer(writerKey),
      data: { section, authors: ["e2e-writer"], title: `كاتبة تربط ${id}`, bodyText: "نص.", readAlso: [id] },
    });
  const [toDraft, toMissing] = [await linkTo(draft.id), await linkTo(missingId)];
  expect(toDraft.status()).toBe(400);
  expect(await toDraft.json()).toEqual(await toMissing.json());

  // A writer key: the draft is a 404 like a missing id, and the list leaves it out.
  const viaKey = await api.get(`/api/v1/articles/${draft.id}`, { headers: bearer(writerKey) });
  const missing = await api.get(`/api/v1/articles/${missingId}`, { headers: bearer(writerKey) });
  expect(viaKey.status()).toBe(404);
  expect(await viaKey.json()).toEqual(await missing.json());
  const drafts = (await (await api.get("/api/v1/articles?status=draft&limit=100", { headers: bearer(writerKey) })).json()) as { items: { id: number }[] };
  expect(drafts.items.map((item) => item.id)).not.toContain(draft.id);
  // Its own draft it does see, and an editor's key still sees everything.
  const own = await api.post("/api/v1/articles", {
    headers: bearer(writerKey),
    data: { section, authors: ["e2e-writer"], title: `مسودة مفتاح الكاتبة ${stamp}`, bodyText: "نص.", readAlso: [published.id] },
  });
  expect(own.status()).toBe(201);
  const ownId = ((await own.json()) as { id: number }).id;
  expect((await api.get(`/api/v1/articles/${ownId}`, { headers: bearer(writerKey) })).status()).toBe(200);
  expect((await api.get(`/api/v1/articles/${draft.id}`, { headers: bearer(editorKey) })).status()).toBe(200);

  // The tag the draft created: no page, no feed, not in the tag sitemap.
  const slug = await tagSlug(api, editorKey, tagName);
  const tagPath = `/tag/${encodeURIComponent(slug)}`;
  expect((await api.get(tagPath, { maxRedirects: 0 })).status()).toBe(404);
  expect((await api.get(`${tagPath}/feed.xml`, { maxRedirects: 0 })).status()).toBe(404);
  expect(await (await api.get("/sitemaps/tags.xml")).text()).not.toContain(`${baseURL}${tagPath}<`);

  // Published: the page, the feed and the sitemap entry are there on the next request.
  const publish = await api.patch(`/api/v1/articles/${draft.id}`, { headers: bearer(editorKey), data: { status: "published", version: draft.version } });
  expect(publish.status()).toBe(200);
  const page = await api.get(tagPath, { maxRedirects: 0 });
  expect(page.status()).toBe(200);
  expect(await page.text()).toContain(`/news/${draft.id}/`);
  expect((await api.get(`${tagPath}/feed.xml`, { maxRedirects: 0 })).status()).toBe(200);
  expect(await (await api.get("/sitemaps/tags.xml")).text()).toContain(`${baseURL}${tagPath}<`);

  await api.dispose();
});
