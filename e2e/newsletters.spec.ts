import { chromium } from "@playwright/test";
import { startSmtpCatcher, type CaughtMail, type SmtpCatcher } from "../tests/support/smtp-catcher";
import { e2eSmtpPort } from "./support/e2e-env";
import { E2E_USERS } from "./support/accounts";
import { expect, test } from "./support/fixtures";

// Newsletters end to end (issue 15): a reader signs up from the site's form, confirms through the
// e-mail's link, receives the day's digest and a breaking alert, and leaves with one click. The
// e-mails reach a real SMTP server (smtp-server) that this spec runs where the e2e server sends.

test.describe.configure({ mode: "serial" });

let smtp: SmtpCatcher;
test.beforeAll(async () => {
  smtp = await startSmtpCatcher(e2eSmtpPort);
});
test.afterAll(async () => {
  await smtp?.close();
});

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const mailTo = async (address: string, match: (mail: CaughtMail) => boolean = () => true, timeoutMs = 30_000) => {
  await expect.poll(() => smtp.mails.some((mail) => mail.to === address && match(mail)), { timeout: timeoutMs }).toBe(true);
  return smtp.mails.filter((mail) => mail.to === address && match(mail)).at(-1)!;
};
const linkIn = (mail: CaughtMail, path: string) => mail.text.match(new RegExp(`https?://[^\\s]+${path.replace(/[/?]/g, "\\$&")}[^\\s]*`))![0];

async function signUpAndConfirm(page: import("@playwright/test").Page, email: string, lists: string[]) {
  await page.goto("/newsletter");
  const form = page.locator("#signup form");
  await form.getByLabel("بريدك الإلكتروني").fill(email);
  for (const box of await form.getByRole("checkbox").all()) await box.setChecked(false);
  for (const name of lists) await form.getByLabel(name, { exact: true }).check();
  await form.getByRole("button", { name: "اشترك" }).click();
  await expect(page.getByRole("status")).toContainText("ستصلك رسالة لتأكيد الاشتراك");
  const confirmation = await mailTo(email, (mail) => mail.subject.includes("أكّد"));
  await page.goto(linkIn(confirmation, "/newsletter/confirm?token="));
  await page.getByRole("button", { name: "أكّد الاشتراك" }).click();
  await expect(page.getByRole("status")).toContainText("تأكد اشتراكك");
}

test("the footer form signs up without JavaScript, refuses bad input beside the field, and never says whether an address is known", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  const footer = page.locator("footer form.newsletter-signup");
  await footer.getByLabel("بريدك الإلكتروني").fill("not-an-address");
  await footer.getByRole("button", { name: "اشترك" }).click();
  await expect(page).toHaveURL(/\/newsletter\?/);
  const field = page.locator("#signup").getByLabel("بريدك الإلكتروني");
  await expect(field).toHaveValue("not-an-address");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#newsletter-page-email-error")).toContainText("اكتب بريداً صحيحاً");

  await field.fill("Reader.One@Example.com");
  await page.locator("#signup").getByRole("button", { name: "اشترك" }).click();
  const accepted = await page.getByRole("status").textContent();
  await expect(page.getByRole("status")).toContainText("لا نرسل شيئاً قبل أن تؤكد");
  // The same address again: the same words, and no second confirmation within the window.
  await page.goto("/newsletter");
  await page.locator("#signup").getByLabel("بريدك الإلكتروني").fill("reader.one@example.com");
  await page.locator("#signup").getByRole("button", { name: "اشترك" }).click();
  expect(await page.getByRole("status").textContent()).toBe(accepted);
  await mailTo("reader.one@example.com");
  await page.waitForTimeout(1_500);
  expect(smtp.mails.filter((mail) => mail.to === "reader.one@example.com")).toHaveLength(1);
  await context.close();
});

test("header injection and overlong input get clean answers, never a 500", async ({ request, baseURL }) => {
  const post = (email: string) =>
    request.post("/newsletter/subscribe", { form: { email, lists: "daily", source: "/" }, headers: { Origin: new URL(baseURL!).origin }, maxRedirects: 0 });
  for (const email of ["victim@example.com\r\nBcc: all@example.com", `${"x".repeat(5000)}@example.com`, "<script>@x.y"]) {
    const response = await post(email);
    expect(response.status()).toBe(303);
    expect(response.headers().location).toContain("error=email");
  }
  // Another site's page cannot sign anyone up.
  const foreign = await request.post("/newsletter/subscribe", { form: { email: "x@example.com", lists: "daily" }, headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
  expect(foreign.headers().location).toContain("error=form");
});

test("a confirmed reader gets the day's digest: RTL, with absolute canonical links, and a web page of it", async ({ page, request, editorApiKey, baseURL }) => {
  // A story of today, so the digest has something to carry.
  const section = ((await (await request.get("/api/v1/articles?limit=1", { headers: bearer(editorApiKey) })).json()) as { items: { section: string }[] }).items[0]!.section;
  const author = E2E_USERS.find((user) => user.role === "editor")!.slug;
  const created = await request.post("/api/v1/articles", {
    headers: bearer(editorApiKey),
    data: { title: "افتتاح خط القطار السريع بين المدينتين", bodyText: "افتتح اليوم خط القطار السريع.", section, authors: [author], status: "published" },
  });
  expect(created.status()).toBe(201);
  await signUpAndConfirm(page, "digest.reader@example.com", ["نشرة اليوم"]);
  const digest = await mailTo("digest.reader@example.com", (mail) => mail.subject.includes("نشرة اليوم"));
  expect(digest.html).toMatch(/<html[^>]*dir="rtl"/);
  // The day's stories (the full suite publishes many today; this one may be past the eighth).
  const storyIds = [...digest.html.matchAll(/href="[^"]*\/news\/(\d+)\/[^"]*"/g)].map((m) => Number(m[1]));
  expect(storyIds.length).toBeGreaterThan(0);
  const origin = new URL(baseURL!).origin;
  const hrefs = [...digest.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
  expect(hrefs.length).toBeGreaterThan(3);
  expect(hrefs.filter((href) => !href.startsWith(`${origin}/`) && !href.startsWith("http://localhost"))).toEqual([]);
  const raw = digest.raw.toString().replace(/\r?\n[ \t]+/g, " ");
  expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
  // The web page the e-mail links to.
  await page.goto(new URL(linkIn(digest, "/newsletter/20")).pathname);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("نشرة اليوم");
  // The page carries the same stories in the same order.
  const pageIds = (await page.locator("main .story-list a[href*='/news/']").evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).pathname)))
    .map((path) => Number(path.split("/")[2]))
    .filter((id, index, all) => all.indexOf(id) === index);
  expect(pageIds).toEqual([...new Set(storyIds)]);

  // Screenshots of the e-mail as a client would show it, to look at.
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  for (const width of [390, 1366]) {
    const view = await browser.newPage({ viewport: { width, height: 900 } });
    await view.setContent(digest.html, { waitUntil: "load" });
    await view.screenshot({ path: `screenshots/email-digest-received-${width}.png`, fullPage: true });
    await view.close();
  }
  await browser.close();
});

test("a breaking alert goes to «عاجل» only, after the editor confirms; one click unsubscribes and nothing comes after", async ({ page, editorPage, request, editorApiKey }) => {
  await signUpAndConfirm(page, "alerts.reader@example.com", ["عاجل"]);
  const section = ((await (await request.get("/api/v1/articles?limit=1", { headers: bearer(editorApiKey) })).json()) as { items: { section: string }[] }).items[0]!.section;
  const author = E2E_USERS.find((user) => user.role === "editor")!.slug;
  const publishBreaking = async (title: string) => {
    const response = await request.post("/api/v1/articles", { headers: bearer(editorApiKey), data: { title, bodyText: `${title}.`, section, authors: [author], status: "published", isBreaking: true } });
    expect(response.status()).toBe(201);
    return (await response.json()) as { id: number };
  };
  const story = await publishBreaking("عاجل: هزة أرضية تضرب شمال البلاد");

  await editorPage.goto("/admin/newsletters");
  const row = editorPage.locator(`[data-alert-story="${story.id}"]`);
  await row.getByRole("button", { name: "أرسل تنبيهاً" }).click();
  await expect(row.getByText("ضع علامة التأكيد قبل الإرسال")).toBeVisible();
  await row.getByRole("checkbox").check();
  await row.getByRole("button", { name: "أرسل تنبيهاً" }).click();
  await expect(editorPage.getByText(/أُرسل التنبيه إلى الطابور/)).toBeVisible();

  const alert = await mailTo("alerts.reader@example.com", (mail) => mail.subject.startsWith("عاجل:"));
  expect(alert.subject).toContain("هزة أرضية");
  // The digest-only reader got no alert.
  expect(smtp.mails.filter((mail) => mail.to === "digest.reader@example.com" && mail.subject.startsWith("عاجل:"))).toHaveLength(0);

  // RFC 8058: the mail client POSTs to the List-Unsubscribe URL, with no cookie and no login.
  const raw = alert.raw.toString().replace(/\r?\n[ \t]+/g, " ");
  const target = raw.match(/^List-Unsubscribe: <([^>]+)>/m)![1]!;
  const oneClick = await request.post(new URL(target).pathname + new URL(target).search, { form: { "List-Unsubscribe": "One-Click" } });
  expect(oneClick.status()).toBe(200);

  const next = await publishBreaking("عاجل: إغلاق الطريق الساحلي بسبب السيول");
  await editorPage.goto("/admin/newsletters");
  const nextRow = editorPage.locator(`[data-alert-story="${next.id}"]`);
  await nextRow.getByRole("checkbox").check();
  await nextRow.getByRole("button", { name: "أرسل تنبيهاً" }).click();
  await expect(editorPage.getByText(/أُرسل التنبيه إلى الطابور: 0 مشترك/)).toBeVisible();
  await page.waitForTimeout(2_000);
  expect(smtp.mails.filter((mail) => mail.to === "alerts.reader@example.com" && mail.subject.includes("السيول"))).toHaveLength(0);

  // The preferences link in the same e-mail: choose lists, or be forgotten, without a login.
  await page.goto(linkIn(alert, "/newsletter/preferences?token="));
  await expect(page.getByText("alerts.reader@example.com")).toBeVisible();
  // The preferences form's boxes carry each list's description (the footer's form has its own boxes).
  await expect(page.getByRole("checkbox", { name: /^عاجل —/ })).not.toBeChecked();
  await page.getByRole("checkbox", { name: /^نشرة اليوم —/ }).check();
  await page.getByRole("button", { name: "احفظ" }).click();
  await expect(page.getByRole("status")).toContainText("حُفظت اختياراتك");
  await expect(page.getByRole("checkbox", { name: /^نشرة اليوم —/ })).toBeChecked();
  await page.getByRole("button", { name: "احذف بياناتي" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("حُذفت بياناتك");
  await page.goto(linkIn(alert, "/newsletter/preferences?token="));
  await expect(page.locator("main p[role=alert]")).toContainText("الرابط غير صالح");
});

test("only admins see addresses; editors see counts", async ({ adminPage, editorPage }) => {
  await editorPage.goto("/admin/newsletters");
  await expect(editorPage.locator('[data-list="daily"] [data-testid="confirmed-count"]')).not.toHaveText("0");
  await expect(editorPage.getByText("digest.reader@example.com")).toHaveCount(0);
  expect((await editorPage.request.get("/admin/newsletters/export")).status()).toBe(403);
  await adminPage.goto("/admin/newsletters?q=digest.reader");
  await expect(adminPage.locator('[data-subscriber="digest.reader@example.com"]')).toBeVisible();
  const csv = await (await adminPage.request.get("/admin/newsletters/export")).text();
  expect(csv).toContain("digest.reader@example.com");
  await adminPage.locator('[data-subscriber="digest.reader@example.com"]').getByRole("button", { name: /احذف/ }).click();
  // The page refreshes without the address; the send log keeps its counts.
  await expect(adminPage.locator('[data-subscriber="digest.reader@example.com"]')).toHaveCount(0);
  await adminPage.goto("/admin/newsletters?q=digest.reader");
  await expect(adminPage.locator('[data-subscriber="digest.reader@example.com"]')).toHaveCount(0);
  await expect(adminPage.locator("[data-campaign]").first()).toBeVisible();
});
