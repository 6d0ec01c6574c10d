import type { APIRequestContext, Page } from "@playwright/test";
import { StoryEditorPage } from "./pages/story-editor-page";
import { expect, test } from "./support/fixtures";

// Input sweep (issue 4, "Tests"): hostile text goes in through the JSON API and the admin editor,
// and must come out inert everywhere it is shown (reader pages, feeds, admin), or be refused with a
// field error. SQL-looking text is just text: stored and shown verbatim.

const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
const marker = `xss${runId}`;

const PAYLOADS = {
  script: "<script>alert(1)</script>",
  img: "<img src=x onerror=alert(1)>",
  jsUrl: "javascript:alert(1)",
  attribute: '" onmouseover="alert(1)',
  svg: "<svg onload=alert(1)>",
  svgScript: "<svg><script>alert(1)</script></svg>",
};

// Raw markup that would be live if any payload reached the HTML unescaped.
const LIVE_MARKUP = ["<script>alert(1)", "<img src=x onerror", "<svg onload", "<svg><script>", 'onmouseover="alert(1)"'];

/** Fails the test on any dialog (alert, confirm, prompt) a payload might open. */
function failOnDialog(page: Page, dialogs: string[]) {
  page.on("dialog", (dialog) => {
    dialogs.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
}

/** The DOM holds no live payload: no event-handler attributes, no javascript: links, no injected script or svg. */
async function expectInert(page: Page, where: string) {
  const findings = await page.evaluate(() => {
    const found: string[] = [];
    for (const element of document.querySelectorAll("*")) {
      for (const attribute of element.getAttributeNames()) {
        if (/^on/i.test(attribute)) found.push(`<${element.localName} ${attribute}="${element.getAttribute(attribute)}">`);
      }
      for (const attribute of ["href", "src", "action", "formaction", "xlink:href"]) {
        const value = (element.getAttribute(attribute) ?? "").replace(/[\u0000-\u0020]/g, "").toLowerCase();
        if (value.startsWith("javascript:") || value.startsWith("data:text/html")) found.push(`<${element.localName} ${attribute}="${value}">`);
      }
    }
    for (const script of document.querySelectorAll("script")) {
      const type = script.getAttribute("type") ?? "";
      if (type === "application/ld+json") {
        try {
          JSON.parse(script.textContent ?? "");
        } catch {
          found.push("a JSON-LD script that is not valid JSON (broken out of?)");
        }
      } else if ((script.textContent ?? "").includes("alert(1)") && !(script.textContent ?? "").includes("self.__next_f")) {
        found.push(`<script>${(script.textContent ?? "").slice(0, 80)}`);
      }
    }
    if (document.querySelector("svg script")) found.push("<svg><script>");
    return found;
  });
  expect(findings, `${where}: live payload in the DOM`).toEqual([]);
  // Hovering the shown payload must not run anything either (a dialog would be caught by failOnDialog).
  const shown = page.getByText(marker).first();
  if (await shown.isVisible()) await shown.hover({ timeout: 2_000 }).catch(() => {});
}

async function expectRawHtmlClean(api: APIRequestContext, url: string) {
  const response = await api.get(url);
  expect(response.status(), `${url} answers`).toBeLessThan(400);
  const html = await response.text();
  for (const markup of LIVE_MARKUP) expect(html.includes(markup), `${url}: raw HTML contains ${markup}`).toBe(false);
  return html;
}

/** Public URLs an attacker can make up; each must be a 4xx at most, and no error may be cacheable. */
function hostileUrls(known: { section: string; tag: string; author: string; articlePath: string }): string[] {
  const huge = "a".repeat(10_000);
  const [section, tag, author] = [known.section, known.tag, known.author].map(encodeURIComponent);
  return [
    "/news/99999999999/x",
    "/news/2147483648/x",
    "/news/99999999999",
    "/news/0/x",
    "/news/abc",
    "/news/%E0%A4%A",
    "/news/1/%E0%A4%A",
    `${known.articlePath}%00`,
    "/news/1/a%00b",
    "/news/1/%FF",
    `/?after=${huge}`,
    `/tag/${tag}?after=${huge}`,
    `/section/${section}?after=${huge}`,
    `/author/${author}?after=${huge}`,
    `/section/${section}?after=1.zzzzzzzzzz`,
    `/tag/${tag}?after=%00`,
    `/author/${author}?after=%E0%A4%A`,
    "/tag/a%00b",
    "/tag/%E0%A4%A",
    "/tag/%",
    "/section/%",
    "/section/%E0%A4%A",
    "/section/a%00b",
    "/author/%",
    "/author/a%00b",
    "/tag/a%00b/feed.xml",
    "/tag/%E0%A4%A/feed.xml",
    "/section/%/feed.xml",
    "/section/a%00b/feed.xml",
    "/sitemaps/articles/%E0%A4%A",
    "/sitemaps/articles/99999999999999.xml",
    "/sitemaps/articles/a%00b.xml",
    "/media/%E0%A4%A",
    "/media/a%00b.jpg",
    "/media/x/%",
    "/search?q=a%00b",
    `/search?q=${huge}`,
    "/search?q=%E0%A4%A",
    "/api/v1/articles/%E0%A4%A",
    "/api/v1/articles/99999999999",
  ];
}

test.describe("hostile URLs and oversized input", () => {
  test("answer 4xx, never 500, and no error answer is cacheable", async ({ playwright, editorApiKey: key }) => {
    const baseURL = test.info().project.use.baseURL!;
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${key}` } });
    const story = ((await (await api.get("/api/v1/articles?status=published&limit=1")).json()) as {
      items: { id: number; url: string; section: string; authors: string[]; tags: string[] }[];
    }).items[0]!;
    const tagsList = (await (await api.get("/api/v1/tags")).json()) as { items: { slug: string }[] };
    const known = { section: story.section, tag: tagsList.items[0]!.slug, author: story.authors[0] ?? "e2e-editor", articlePath: new URL(story.url).pathname };

    const reader = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
    const failures: string[] = [];
    for (const url of hostileUrls(known)) {
      const response = await reader.get(url);
      const cacheControl = response.headers()["cache-control"] ?? "";
      if (response.status() >= 500) failures.push(`${url.slice(0, 80)}: ${response.status()}`);
      // An error a shared cache may keep would pin garbage (and a later real page) at the edge.
      if (response.status() >= 400 && /s-maxage|public/.test(cacheControl)) failures.push(`${url.slice(0, 80)}: ${response.status()} with "${cacheControl}"`);
    }
    expect(failures).toEqual([]);
    // Well-formed addresses still work.
    expect((await reader.get(known.articlePath)).status()).toBe(200);
    expect((await reader.get(`/section/${encodeURIComponent(known.section)}`)).status()).toBe(200);

    // The API: a 10,000-entry authors list and ids past int4 are 400s with field errors.
    const base = { title: `حمولة ${marker}`, bodyText: "نص.", section: known.section, authors: [known.author] };
    const manyAuthors = await api.post("/api/v1/articles", { data: { ...base, authors: Array.from({ length: 10_000 }, (_, i) => `author-${i}`) } });
    expect(manyAuthors.status()).toBe(400);
    const manyAuthorsBody = (await manyAuthors.json()) as { fieldErrors: Record<string, string[]> };
    expect(manyAuthorsBody.fieldErrors.authors?.[0]).toMatch(/[\u0600-\u06FF]/);
    expect(JSON.stringify(manyAuthorsBody).length, "the refusal does not echo the list").toBeLessThan(1_000);
    for (const data of [{ readAlso: [99_999_999_999] }, { heroMediaId: 99_999_999_999 }]) {
      const response = await api.post("/api/v1/articles", { data: { ...base, ...data } });
      expect(response.status(), JSON.stringify(data)).toBe(400);
      const field = Object.keys(data)[0]!;
      expect(((await response.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors[field], field).toBeTruthy();
    }
    const patched = await api.patch(`/api/v1/articles/${story.id}`, { data: { title: "x", version: 99_999_999_999 } });
    expect(patched.status()).toBe(400);

    // next-auth's routes read at most 16 kB of body.
    const oversized = await reader.post("/api/auth/callback/credentials", {
      form: { email: "editor@e2e.example", password: "x".repeat(20_000), csrfToken: "x" },
    });
    expect(oversized.status()).toBe(413);
    const csrf = await reader.get("/api/auth/csrf");
    expect(csrf.status()).toBe(200);
    await reader.dispose();
    await api.dispose();
  });
});

test.describe("input sweep", () => {
  test.setTimeout(180_000);

  test("XSS payloads in every field are refused or rendered inert on every public and admin page", async ({ browser, playwright, adminPage: admin, editorApiKey: editorKey }) => {
    const baseURL = test.info().project.use.baseURL!;
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${editorKey}` } });

    const list = await api.get("/api/v1/articles?status=published&limit=1");
    expect(list.status()).toBe(200);
    const section = ((await list.json()) as { items: { section: string }[] }).items[0]!.section;

    const title = `${marker} ${PAYLOADS.script} ${PAYLOADS.img} ${PAYLOADS.attribute}`;
    const dek = `${PAYLOADS.svg} ${PAYLOADS.svgScript} ${PAYLOADS.jsUrl} ${PAYLOADS.attribute}`;
    const tagNames = [PAYLOADS.script, PAYLOADS.img, PAYLOADS.attribute, PAYLOADS.svg, PAYLOADS.svgScript, `وسم ${marker}`];
    const story = {
      title,
      dek,
      bodyText: Object.values(PAYLOADS).join("\n\n"),
      section,
      authors: ["e2e-editor"],
      tags: tagNames,
      sourceName: `${PAYLOADS.img} ${PAYLOADS.attribute}`,
      sourceUrl: "https://agency.example/wire/1?from=sweep",
    };

    // Refused: javascript: URLs as the source URL, and a body document with a javascript: link.
    for (const sourceUrl of [PAYLOADS.jsUrl, "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<script>alert(1)</script>"]) {
      const response = await api.post("/api/v1/articles", { data: { ...story, sourceUrl } });
      expect(response.status(), `sourceUrl ${sourceUrl}`).toBe(400);
      const body = (await response.json()) as { fieldErrors?: Record<string, string[]> };
      expect(body.fieldErrors?.sourceUrl?.length, `sourceUrl ${sourceUrl}: field error`).toBeTruthy();
    }
    for (const href of [PAYLOADS.jsUrl, "  javascript:alert(1)", "JAVASCRIPT:alert(1)", "java\tscript:alert(1)", "data:text/html,x", "//evil.example/x"]) {
      const document = {
        type: "doc",
        content: [{ type: "paragraph", content: [{ type: "text", text: "رابط خبيث", marks: [{ type: "link", attrs: { href } }] }] }],
      };
      const { bodyText: _bodyText, ...withoutText } = story;
      const response = await api.post("/api/v1/articles", { data: { ...withoutText, body: document } });
      expect(response.status(), `body link ${JSON.stringify(href)}`).toBe(400);
      const body = (await response.json()) as { fieldErrors?: Record<string, string[]> };
      expect(body.fieldErrors?.body?.length, `body link ${JSON.stringify(href)}: field error`).toBeTruthy();
    }
    const refusedSearch = await api.get(`/api/v1/articles?limit=100`);
    const refusedItems = ((await refusedSearch.json()) as { items: { title: string }[] }).items;
    expect(refusedItems.filter((item) => item.title.startsWith(marker)), "nothing refused was saved").toEqual([]);

    // Accepted and published: every payload is text.
    const created = await api.post("/api/v1/articles", { data: { ...story, status: "published" } });
    expect(created.status()).toBe(201);
    const article = (await created.json()) as { id: number; url: string; title: string; dek: string; tags: string[]; sourceName: string };
    expect(article.title).toBe(title);
    expect(article.dek).toBe(dek);
    expect(article.sourceName).toBe(story.sourceName);
    expect([...article.tags].sort()).toEqual([...tagNames].sort());

    const dialogs: string[] = [];
    const reader = await browser.newPage();
    failOnDialog(reader, dialogs);
    failOnDialog(admin, dialogs);

    // The article page: headline, dek, body, source, tags, all as text.
    const articlePath = new URL(article.url).pathname;
    await reader.goto(articlePath);
    await expect(reader.locator("h1").first()).toHaveText(title);
    expect(await reader.locator("h1").first().evaluate((h1) => h1.textContent)).toBe(title);
    await expect(reader.locator(".dek")).toHaveText(dek);
    for (const payload of Object.values(PAYLOADS)) await expect(reader.locator("article").getByText(payload, { exact: true }).first()).toBeVisible();
    await expect(reader.locator(".source")).toContainText(story.sourceName);
    const tagLinks = reader.locator('nav.tags-line a[rel="tag"]');
    await expect(tagLinks).toHaveCount(tagNames.length);
    expect((await tagLinks.allTextContents()).sort()).toEqual([...tagNames].sort());
    const tagPaths = await tagLinks.evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
    await expectInert(reader, articlePath);
    await expectRawHtmlClean(api, articlePath);

    const sectionPath = `/section/${encodeURIComponent(section)}`;
    const publicPages: { path: string; shows: string }[] = [
      { path: "/", shows: title },
      { path: sectionPath, shows: title },
      { path: `/search?q=${encodeURIComponent(marker)}`, shows: title },
      ...tagPaths.map((tagPath) => ({ path: tagPath, shows: title })),
    ];
    for (const { path: target, shows } of publicPages) {
      await reader.goto(target);
      await expect(reader.getByText(shows, { exact: true }).first(), `${target} shows the story's title as text`).toBeVisible();
      await expectInert(reader, target);
      await expectRawHtmlClean(api, target);
    }
    // Tag pages title the page with the tag's own name.
    for (const tagPath of tagPaths) {
      await reader.goto(tagPath);
      const headline = (await reader.locator("h1").first().textContent()) ?? "";
      expect(tagNames.some((name) => headline.includes(name)), `${tagPath} heading names the tag (${headline})`).toBe(true);
    }

    // Feeds: XML-escaped once for the XML, and the HTML inside (description, content) is inert too.
    const feeds = ["/feed.xml", `${sectionPath}/feed.xml`, ...tagPaths.map((tagPath) => `${tagPath}/feed.xml`)];
    for (const feed of feeds) {
      const response = await api.get(feed);
      expect.soft(response.status(), feed).toBe(200);
      const xml = await response.text();
      const item = await reader.evaluate(
        ({ xml, marker }) => {
          const doc = new DOMParser().parseFromString(xml, "application/xml");
          if (doc.querySelector("parsererror")) return { error: doc.querySelector("parsererror")!.textContent };
          const found = [...doc.querySelectorAll("item")].find((entry) => entry.querySelector("title")?.textContent?.startsWith(marker));
          if (!found) return null;
          const inert = (html: string) => {
            const fragment = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
            const live: string[] = [];
            for (const element of fragment.body.querySelectorAll("*")) {
              if (["script", "svg", "iframe", "object", "embed"].includes(element.localName)) live.push(element.localName);
              for (const attribute of element.getAttributeNames()) if (/^on/i.test(attribute)) live.push(`${element.localName}[${attribute}]`);
              const href = (element.getAttribute("href") ?? "").trim().toLowerCase();
              if (href.startsWith("javascript:")) live.push(`a[href=${href}]`);
            }
            return live;
          };
          const description = found.querySelector("description")?.textContent ?? "";
          const content = found.getElementsByTagNameNS("http://purl.org/rss/1.0/modules/content/", "encoded")[0]?.textContent ?? "";
          return {
            title: found.querySelector("title")?.textContent ?? "",
            categories: [...found.querySelectorAll("category")].map((category) => category.textContent ?? ""),
            liveInDescription: inert(description),
            liveInContent: inert(content),
          };
        },
        { xml, marker },
      );
      expect.soft(item, `${feed} lists the story`).not.toBeNull();
      expect.soft(item ?? {}, `${feed} parses as XML`).not.toHaveProperty("error");
      if (!item || "error" in item) continue;
      const entry = item as { title: string; categories: string[]; liveInDescription: string[]; liveInContent: string[] };
      expect.soft(entry.title, `${feed}: title as text`).toBe(title);
      expect.soft(entry.liveInDescription, `${feed}: description (HTML for feed readers) is inert`).toEqual([]);
      expect.soft(entry.liveInContent, `${feed}: content:encoded is inert`).toEqual([]);
    }

    // The admin: dashboard list, editor, preview, revisions, tags admin.
    const adminPages = [
      `/admin/articles?q=${encodeURIComponent(marker)}`,
      `/admin/articles/${article.id}`,
      `/admin/articles/${article.id}/preview`,
      `/admin/articles/${article.id}/revisions`,
      "/admin/tags",
    ];
    for (const target of adminPages) {
      await admin.goto(target);
      await expectInert(admin, target);
    }
    await admin.goto(`/admin/articles?q=${encodeURIComponent(marker)}`);
    await expect(admin.locator("main").getByText(title, { exact: true }).first()).toBeVisible();
    await admin.goto(`/admin/articles/${article.id}`);
    const editor = new StoryEditorPage(admin);
    await expect(editor.title).toHaveValue(title);
    await expect(editor.dek).toHaveValue(dek);
    await expect(editor.sourceName).toHaveValue(story.sourceName);
    for (const payload of Object.values(PAYLOADS)) await expect(admin.locator(".ProseMirror, [contenteditable]").first()).toContainText(payload);
    await expectInert(admin, "editor after load");

    expect(dialogs, "no payload opened a dialog").toEqual([]);
    await api.dispose();
    await reader.close();
  });

  test("SQL-looking strings in title and tags are stored and shown verbatim", async ({ browser, playwright, editorApiKey: editorKey }) => {
    const baseURL = test.info().project.use.baseURL!;
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${editorKey}` } });
    const section = ((await (await api.get("/api/v1/articles?status=published&limit=1")).json()) as { items: { section: string }[] }).items[0]!.section;

    const title = `'; DROP TABLE articles; -- ${marker} " OR 1=1 --`;
    const tags = ["'; DROP TABLE articles; --", '" OR 1=1 --', `sql ${marker}' OR '1'='1`];
    const created = await api.post("/api/v1/articles", {
      data: { title, dek: "' OR ''='", bodyText: "SELECT * FROM users; --", section, authors: ["e2e-editor"], tags, status: "published" },
    });
    expect(created.status()).toBe(201);
    const article = (await created.json()) as { id: number; url: string; title: string; tags: string[] };
    expect(article.title).toBe(title);
    expect(article.tags).toEqual(tags);
    const fetched = (await (await api.get(`/api/v1/articles/${article.id}`)).json()) as { title: string; tags: string[]; dek: string };
    expect(fetched).toMatchObject({ title, tags, dek: "' OR ''='" });

    const reader = await browser.newPage();
    await reader.goto(new URL(article.url).pathname);
    expect(await reader.locator("h1").first().textContent()).toBe(title);
    expect((await reader.locator('nav.tags-line a[rel="tag"]').allTextContents()).sort()).toEqual([...tags].sort());
    // The tables are still there: the API still lists stories.
    expect((await api.get("/api/v1/articles?limit=1")).status()).toBe(200);
    await reader.goto(`/search?q=${encodeURIComponent(marker)}`);
    await expect(reader.getByText(title, { exact: true }).first()).toBeVisible();
    await reader.close();
    await api.dispose();
  });

  test("a 10,000-character title gets a 400 with a field error from the API and an Arabic error beside the field in the editor; nothing is saved", async ({
    playwright,
    editorPage: editor,
    editorApiKey: editorKey,
  }) => {
    const baseURL = test.info().project.use.baseURL!;
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${editorKey}` } });
    const section = ((await (await api.get("/api/v1/articles?status=published&limit=1")).json()) as { items: { section: string }[] }).items[0]!.section;
    const longTitle = `طويل${marker}`.padEnd(10_000, "ع");
    expect(longTitle).toHaveLength(10_000);

    const newestBefore = ((await (await api.get("/api/v1/articles?limit=1")).json()) as { items: { id: number }[] }).items[0]!.id;
    const response = await api.post("/api/v1/articles", { data: { title: longTitle, bodyText: "نص.", section, authors: ["e2e-editor"] } });
    expect(response.status()).toBe(400);
    const body = (await response.json()) as { error: string; fieldErrors: Record<string, string[]> };
    expect(body.error).toBeTruthy();
    expect(body.fieldErrors.title?.[0]).toMatch(/[\u0600-\u06FF]/);
    const patchTarget = newestBefore;
    const current = (await (await api.get(`/api/v1/articles/${patchTarget}`)).json()) as { version: number; title: string };
    const patch = await api.patch(`/api/v1/articles/${patchTarget}`, { data: { title: longTitle, version: current.version } });
    expect(patch.status()).toBe(400);
    expect(((await patch.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.title).toBeTruthy();
    const after = (await (await api.get(`/api/v1/articles/${patchTarget}`)).json()) as { version: number; title: string };
    expect(after).toMatchObject({ version: current.version, title: current.title });

    // The editor: the browser's maxlength is only a convenience, so it is removed to send what a script could.
    const storyEditor = new StoryEditorPage(editor);
    await editor.goto("/admin/articles");
    const totalBefore = await editor.locator(".adm-tabs li").first().textContent();
    await storyEditor.gotoNew();
    const titleInput = storyEditor.title;
    await titleInput.evaluate((input) => input.removeAttribute("maxlength"));
    await titleInput.fill(longTitle);
    await storyEditor.section.selectOption({ index: 1 });
    await storyEditor.saveDraft();
    await expect(titleInput, "the title input points at its error").toHaveAttribute("aria-describedby", /\S/);
    const describedBy = await titleInput.getAttribute("aria-describedby");
    const error = editor.locator(`[id="${describedBy}"]`);
    await expect(error).toBeVisible();
    await expect(error).toContainText(/العنوان/);
    await expect(titleInput).toHaveAttribute("aria-invalid", "true");
    expect(new URL(editor.url()).pathname).toBe("/admin/articles/new");
    // The typed title is still in the field.
    expect(((await titleInput.inputValue()) ?? "").length).toBe(10_000);
    await editor.goto("/admin/articles");
    expect(await editor.locator(".adm-tabs li").first().textContent()).toBe(totalBefore);
    const newestAfter = ((await (await api.get("/api/v1/articles?limit=1")).json()) as { items: { id: number }[] }).items[0]!.id;
    expect(newestAfter).toBe(newestBefore);

    await api.dispose();
  });
});
