import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./support/fixtures";
import { FrontPageAdminPage } from "./pages/front-page-admin-page";

// Issue 13, homepage curation: an editor sets a lead and scheduled top stories; the home page shows
// them, falls back to the latest when a slot's schedule ends (the scheduler expires the cached page),
// and loses a curated story the moment it is unpublished.

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

/** The wall-clock time in Asia/Riyadh (the site's and the browser's zone), as a datetime-local value with seconds. */
function riyadhLocal(at: Date): string {
  return new Date(at.getTime() + 3 * 3_600_000).toISOString().slice(0, 19);
}

test("an editor's lead and scheduled top stories lead the home page, fall back when the schedule ends, and leave when unpublished", async ({
  editorPage,
  editorApiKey,
  page,
}) => {
  test.setTimeout(120_000);
  const request = page.request;
  const section = (
    (await (await request.get("/api/v1/articles?status=published&limit=1", { headers: bearer(editorApiKey) })).json()) as { items: { section: string }[] }
  ).items[0]!.section;
  const stamp = Date.now().toString(36);
  const titles = ["الرئيسي", "البارز الأول", "البارز الثاني", "البارز المؤقت", "الأحدث"].map((name) => `خبر الواجهة ${name} ${stamp}`);
  const stories: { id: number; version: number }[] = [];
  for (const title of titles) {
    const response = await request.post("/api/v1/articles", {
      headers: bearer(editorApiKey),
      data: { title, section, authors: ["e2e-editor"], bodyText: "فقرة من الخبر.", status: "published" },
    });
    expect(response.status()).toBe(201);
    stories.push((await response.json()) as { id: number; version: number });
  }
  const [leadTitle, firstTop, secondTop, timedTop, newestTitle] = titles as [string, string, string, string, string];

  // Before curation the newest story leads.
  await page.goto("/");
  await expect(page.getByTestId("home-lead")).toContainText(newestTitle);

  const admin = new FrontPageAdminPage(editorPage);
  await admin.goto();
  await admin.setLead(leadTitle);
  for (const title of [firstTop, secondTop, timedTop]) await admin.addTopStory(title);
  const until = new Date(Date.now() + 25_000);
  await admin.setTopStoryUntil(timedTop, riyadhLocal(until));
  await admin.save();

  await page.goto("/");
  const lead = page.getByTestId("home-lead");
  const top = page.getByTestId("home-top-stories");
  await expect(lead).toContainText(leadTitle);
  await expect(lead).not.toContainText(newestTitle);
  await expect(top.getByRole("heading", { level: 3 })).toHaveText([firstTop, secondTop, timedTop]);

  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  // The timed slot ends: with no write at all, the page falls back to the newest story not on it.
  await expect
    .poll(
      async () => {
        await page.goto("/");
        return top.getByRole("heading", { level: 3 }).allTextContents();
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toEqual([firstTop, secondTop, newestTitle]);
  expect(Date.now()).toBeGreaterThanOrEqual(until.getTime());

  // Unpublishing a curated story takes it off the home page and out of the arrangement.
  const unpublish = await request.patch(`/api/v1/articles/${stories[1]!.id}`, {
    headers: bearer(editorApiKey),
    data: { status: "unpublished", version: stories[1]!.version },
  });
  expect(unpublish.status()).toBe(200);
  await page.goto("/");
  await expect(page.locator("main")).not.toContainText(firstTop);
  await expect(lead).toContainText(leadTitle);
  await admin.goto();
  await expect(admin.page.getByTestId("top-slots")).not.toContainText(firstTop);
  await expect(admin.page.getByTestId("front-page-revisions")).toContainText(`أُزيل الخبر ${stories[1]!.id} تلقائياً`);

  // Specs after this one expect the uncurated front page (the newest story leads).
  await admin.clear();
  await page.goto("/");
  await expect(lead).toContainText(newestTitle);
});

test("a writer cannot open the front-page admin (it answers like a missing page)", async ({ writerPage }) => {
  const response = await writerPage.goto("/admin/front-page");
  expect(response?.status()).toBe(404);
});
