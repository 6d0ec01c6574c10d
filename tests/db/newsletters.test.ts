import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { emailOutbox, newsletterCampaigns, newsletterLists, sections, subscribers, subscriptions, users } from "@/db/schema";
import { seedDemoContent } from "@/db/seed";
import { bodyFromPlainText } from "@/lib/articles/body-text";
import { createArticle, type Actor } from "@/lib/articles/commands";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { digestStories, digestTimeReached, getDigestPage, queueDueDigests, sendBreakingAlert } from "@/lib/newsletters/campaigns";
import { createSectionList } from "@/lib/newsletters/admin";
import { saveFrontPage } from "@/lib/front-page/commands";
import { readCurrentFrontPage } from "@/lib/front-page/queries";
import { sendDueEmails } from "@/lib/newsletters/sender";
import { confirmSubscription, eraseSubscriber, preferencesByToken, savePreferences, subscribe, unsubscribeByToken } from "@/lib/newsletters/subscriptions";
import { decodeNewsletterToken, encodeNewsletterToken } from "@/lib/newsletters/tokens";
import { createMailTransport, type MailTransport } from "@/lib/newsletters/transport";
import { startSmtpCatcher, type SmtpCatcher } from "../support/smtp-catcher";
import { openTestDatabase } from "./support";

// Newsletters against a real database and a real SMTP server (smtp-server on 127.0.0.1).

let db: Database;
let close: () => Promise<void>;
let smtp: SmtpCatcher;
let transport: MailTransport;
let editor: Actor;
let writer: Actor;
let sectionId: number;
const send = () => sendDueEmails(db, transport, { ratePerSecond: 1000, instance: "test" });

beforeAll(async () => {
  const opened = await openTestDatabase();
  db = opened.handle.db;
  close = opened.close;
  await seedDemoContent(db, { heroImages: false });
  const [someEditor] = await db.select().from(users).where(eq(users.role, "editor"));
  const [someWriter] = await db.select().from(users).where(eq(users.role, "writer"));
  editor = { userId: someEditor!.id, role: "editor" };
  writer = { userId: someWriter!.id, role: "writer" };
  sectionId = (await db.select({ id: sections.id }).from(sections).limit(1))[0]!.id;
  smtp = await startSmtpCatcher();
  transport = createMailTransport({ smtpUrl: smtp.url, from: '"مرصد الأخبار" <news@example.com>' });
});
afterAll(async () => {
  transport?.close();
  await smtp?.close();
  await close();
});
beforeEach(() => {
  smtp.mails.length = 0;
  smtp.refuse.clear();
});

let client = 0;
/** Every sign-up from its own client, so the per-client throttle is tested on its own. */
const signUp = (email: string, lists = ["daily", "breaking"], extra: Record<string, unknown> = {}) => subscribe(db, { email, lists, source: "/news/1/x", ...extra }, `198.51.100.${++client}`);

/** Signs up and confirms through the link in the e-mail that arrived. */
async function confirmedReader(email: string, lists = ["daily", "breaking"]) {
  await signUp(email, lists);
  await send();
  const mail = smtp.mails.find((m) => m.to === email)!;
  const token = mail.text.match(/token=([\w.-]+)/)![1]!;
  expect(await confirmSubscription(db, token)).toMatchObject({ email });
  smtp.mails.length = 0;
}

async function breakingStory(title: string) {
  return createArticle(db, { title, dek: "موجز", body: bodyFromPlainText(`${title}\n\nفقرة.`), sectionId, authorIds: [editor.userId!], isBreaking: true }, editor, { action: "publish" });
}

describe("sign-up", () => {
  it("refuses bad input with Arabic field errors, header injection included", async () => {
    for (const [email, message] of <[string, string][]>[
      ["", "اكتب بريدك الإلكتروني"],
      ["not-an-address", "اكتب بريداً صحيحاً"],
      ["reader@example.com\r\nBcc: everyone@example.com", "محارف غير مسموحة"],
      [`${"a".repeat(250)}@example.com`, "أطول من 254"],
    ]) {
      await expect(signUp(email)).rejects.toMatchObject({ fieldErrors: { email: [expect.stringContaining(message)] } });
    }
    await expect(signUp("reader@example.com", [])).rejects.toMatchObject({ fieldErrors: { lists: [expect.any(String)] } });
    await expect(signUp("reader@example.com", ["no-such-list"])).rejects.toBeInstanceOf(ValidationError);
    expect(await db.select().from(subscribers)).toHaveLength(0);
  });

  it("stores the address normalised, sends one confirmation, and answers the same for a known address", async () => {
    expect(await signUp("  New.Reader@Example.COM ")).toEqual({ status: "accepted" });
    const [row] = await db.select().from(subscribers).where(eq(subscribers.email, "new.reader@example.com"));
    expect(row).toMatchObject({ confirmedAt: null, sourcePath: "/news/1/x" });
    // Within the throttle window a second sign-up queues nothing more, and says the same.
    expect(await signUp("new.reader@example.com")).toEqual({ status: "accepted" });
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, "new.reader@example.com"))).toHaveLength(1);
    expect(await send()).toMatchObject({ sent: 1 });
    const [mail] = smtp.mails;
    expect(mail!.subject).toContain("أكّد");
    expect(mail!.html).toContain('dir="rtl"');
    expect(mail!.text).toMatch(/\/newsletter\/confirm\?token=c\./);
    // Nothing but the confirmation goes to an address that never confirmed.
    expect(mail!.headers.get("list-unsubscribe")).toBeUndefined();
  });

  it("ignores a bot that fills the hidden field, and throttles a client that signs up too often", async () => {
    expect(await signUp("bot@example.com", ["daily"], { website: "http://spam.example" })).toEqual({ status: "accepted" });
    expect(await db.select().from(subscribers).where(eq(subscribers.email, "bot@example.com"))).toHaveLength(0);
    const results = [];
    for (let i = 0; i < 11; i++) results.push(await subscribe(db, { email: `flood${i}@example.com`, lists: ["daily"] }, "203.0.113.99"));
    expect(results.slice(0, 10).every((result) => result.status === "accepted")).toBe(true);
    expect(results[10]).toEqual({ status: "throttled" });
  });

  it("signs tokens: tampered, expired or voided links do nothing", async () => {
    const [row] = await db.select().from(subscribers).where(eq(subscribers.email, "new.reader@example.com"));
    const token = encodeNewsletterToken({ purpose: "confirm", subscriberId: row!.id, version: row!.tokenVersion, expiresAt: new Date(Date.now() + 60_000) });
    expect(decodeNewsletterToken(token.replace(/.$/, (c) => (c === "A" ? "B" : "A")))).toBeNull();
    expect(decodeNewsletterToken(token, new Date(Date.now() + 120_000))).toBeNull();
    const forged = encodeNewsletterToken({ purpose: "confirm", subscriberId: row!.id, version: row!.tokenVersion + 1, expiresAt: new Date(Date.now() + 60_000) });
    expect(await confirmSubscription(db, forged)).toBeNull();
    expect(await confirmSubscription(db, "c.1.1.1.garbage")).toBeNull();
  });
});

describe("breaking alerts", () => {
  it("reach the confirmed «عاجل» subscribers only, once, with one-click unsubscribe headers", async () => {
    await confirmedReader("alerts@example.com", ["breaking"]);
    await confirmedReader("digest-only@example.com", ["daily"]);
    await signUp("pending@example.com", ["breaking"]); // never confirms
    await send();
    smtp.mails.length = 0;
    const story = await breakingStory("عاجل: زلزال بقوة 5 درجات يضرب الساحل");
    await expect(sendBreakingAlert(db, story.id, writer)).rejects.toBeInstanceOf(ForbiddenError);
    const { recipients } = await sendBreakingAlert(db, story.id, editor);
    expect(recipients).toBe(1);
    await expect(sendBreakingAlert(db, story.id, editor)).rejects.toBeInstanceOf(ConflictError);
    expect(await send()).toMatchObject({ sent: 1 });
    expect(smtp.mails.map((m) => m.to)).toEqual(["alerts@example.com"]);
    const [mail] = smtp.mails;
    expect(mail!.subject).toMatch(/^عاجل:/);
    // Header lines unfolded (a long URL is folded onto the next line).
    const raw = mail!.raw.toString().replace(/\r?\n[ \t]+/g, " ");
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(raw.match(/^List-Unsubscribe: <([^>]+)>/m)![1]).toMatch(/^https?:\/\/[^/]+\/newsletter\/one-click\?token=u\./);
    // Every link in the e-mail is absolute, and the visible unsubscribe link is there.
    expect(mail!.html).toMatch(/\/newsletter\/unsubscribe\?token=u\./);
    for (const [, href] of mail!.html.matchAll(/href="([^"]+)"/g)) expect(href).toMatch(/^https?:\/\//);
  });

  it("refuses a story that is not breaking", async () => {
    const calm = await createArticle(db, { title: "خبر هادئ", body: bodyFromPlainText("نص."), sectionId, authorIds: [editor.userId!] }, editor, { action: "publish" });
    await expect(sendBreakingAlert(db, calm.id, editor)).rejects.toMatchObject({ fieldErrors: { articleId: [expect.any(String)] } });
  });
});

describe("unsubscribe, preferences and erasure", () => {
  it("one click ends a list at once, takes back what was queued for it, and nothing arrives after", async () => {
    const story = await breakingStory("عاجل: انقطاع الكهرباء عن العاصمة");
    await sendBreakingAlert(db, story.id, editor);
    const [row] = await db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, "alerts@example.com"), eq(emailOutbox.status, "queued")));
    const token = row!.unsubscribeUrl!.match(/token=([\w.-]+)/)![1]!;
    expect(await unsubscribeByToken(db, token)).toEqual({ listName: "عاجل" });
    expect(await send()).toMatchObject({ sent: 0 });
    expect(smtp.mails).toHaveLength(0);
    const third = await breakingStory("عاجل: إغلاق المطار بسبب الضباب");
    expect((await sendBreakingAlert(db, third.id, editor)).recipients).toBe(0);
    // A second click is harmless.
    expect(await unsubscribeByToken(db, token)).toEqual({ listName: "عاجل" });
  });

  it("changes lists from the preferences link, and erases the address leaving only counts", async () => {
    const [reader] = await db.select().from(subscribers).where(eq(subscribers.email, "digest-only@example.com"));
    const token = encodeNewsletterToken({ purpose: "preferences", subscriberId: reader!.id, version: reader!.tokenVersion });
    const breakingList = (await db.select().from(newsletterLists).where(eq(newsletterLists.slug, "breaking")))[0]!;
    expect(await savePreferences(db, token, [breakingList.id])).toBe(true);
    const view = await preferencesByToken(db, token);
    expect(view!.lists.filter((list) => list.subscribed).map((list) => list.slug)).toEqual(["breaking"]);
    const sentBefore = await db.select().from(emailOutbox).where(eq(emailOutbox.subscriberId, reader!.id));
    expect(sentBefore.length).toBeGreaterThan(0);
    expect(await eraseSubscriber(db, reader!.id)).toBe(true);
    expect(await db.select().from(subscribers).where(eq(subscribers.email, "digest-only@example.com"))).toHaveLength(0);
    expect(await db.select().from(subscriptions).where(eq(subscriptions.subscriberId, reader!.id))).toHaveLength(0);
    const kept = await db.select().from(emailOutbox).where(eq(emailOutbox.messageId, sentBefore[0]!.messageId));
    expect(kept[0]).toMatchObject({ toAddress: "", html: "", subscriberId: null });
    expect(await preferencesByToken(db, token)).toBeNull();
  });
});

describe("the daily digest", () => {
  it("goes out once per list and day at the digest time, with the day's stories, and is a web page too", async () => {
    await confirmedReader("morning@example.com", ["daily"]);
    const now = new Date();
    // Not before the digest time of the day (in TIME_ZONE)…
    if (!digestTimeReached(now, "23:59")) expect(await queueDueDigests(db, now, "23:59")).toEqual([]);
    // …then once for each list and day, however many rounds or instances ask.
    const queued = await queueDueDigests(db, now, "00:00");
    const daily = queued.find((entry) => entry.recipients > 0);
    expect(daily).toBeDefined();
    expect(await queueDueDigests(db, now, "00:00")).toEqual([]);
    await send();
    const mail = smtp.mails.find((m) => m.to === "morning@example.com")!;
    expect(mail.subject).toContain("نشرة اليوم");
    expect(mail.html).toContain('dir="rtl"');
    const [campaign] = await db.select().from(newsletterCampaigns).where(eq(newsletterCampaigns.id, daily!.campaignId));
    const page = await getDigestPage(db, campaign!.day!);
    expect(page!.stories.map((story) => story.id)).toEqual(campaign!.storyIds);
    for (const story of page!.stories.slice(0, 3)) expect(mail.text).toContain(`/news/${story.id}/`);
  });
});

describe("what a digest carries", () => {
  it("puts the editors' front page first, then the most read and the latest, from the last day", async () => {
    const older = await createArticle(db, { title: "خبر اختاره المحررون للواجهة", body: bodyFromPlainText("نص."), sectionId, authorIds: [editor.userId!] }, editor, { action: "publish" }, { now: new Date(Date.now() - 5 * 3_600_000) });
    await createArticle(db, { title: "أحدث خبر في الموقع", body: bodyFromPlainText("نص."), sectionId, authorIds: [editor.userId!] }, editor, { action: "publish" });
    const { version } = await readCurrentFrontPage(db);
    await saveFrontPage(db, { expectedVersion: version, input: { lead: { articleId: older.id, from: "", until: "" } }, actor: editor, timeZone: "Asia/Riyadh" });
    const stories = await digestStories(db, { kind: "digest", sectionId: null }, new Date());
    expect(stories[0]!.id).toBe(older.id);
    expect(stories.map((story) => story.title)).toContain("أحدث خبر في الموقع");
    expect(new Set(stories.map((story) => story.id)).size).toBe(stories.length);
    expect(stories.length).toBeLessThanOrEqual(8);
  });

  it("lets admins define a list per section, whose digest carries only that section", async () => {
    const [other] = await db.select().from(sections).where(ne(sections.id, sectionId)).limit(1);
    await expect(createSectionList(db, editor, { sectionId: other!.id, name: "نشرة القسم" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createSectionList(db, { role: "admin" }, { sectionId: other!.id, name: "" })).rejects.toMatchObject({ fieldErrors: { name: [expect.any(String)] } });
    const list = await createSectionList(db, { role: "admin" }, { sectionId: other!.id, name: "نشرة القسم", description: "أخبار القسم كل صباح" });
    await expect(createSectionList(db, { role: "admin" }, { sectionId: other!.id, name: "مكررة" })).rejects.toMatchObject({ fieldErrors: { sectionId: [expect.any(String)] } });
    await createArticle(db, { title: "خبر من القسم الآخر", body: bodyFromPlainText("نص."), sectionId: other!.id, authorIds: [editor.userId!] }, editor, { action: "publish" });
    const stories = await digestStories(db, list, new Date());
    expect(stories.length).toBeGreaterThan(0);
    expect(stories.every((story) => story.sectionName === other!.name)).toBe(true);
    // It is offered on the sign-up form with the others.
    await signUp("section.reader@example.com", [list.slug]);
    expect((await db.select().from(subscriptions).where(eq(subscriptions.listId, list.id)))).toHaveLength(1);
  });
});

describe("the sender", () => {
  it("retries a failure later, and records a refused mailbox as bounced", async () => {
    await confirmedReader("gone@example.com", ["breaking"]);
    await confirmedReader("fine@example.com", ["breaking"]);
    smtp.refuse.add("gone@example.com");
    const story = await breakingStory("عاجل: حريق في مستودع بالميناء");
    await sendBreakingAlert(db, story.id, editor);
    const report = await send();
    expect(report).toMatchObject({ sent: 1, bounced: 1 });
    const [bounced] = await db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, "gone@example.com"), eq(emailOutbox.kind, "breaking")));
    expect(bounced).toMatchObject({ status: "bounced" });
    expect(bounced!.lastError).toContain("550");
    // A server that is away: the row waits for a later try instead of failing.
    const away = createMailTransport({ smtpUrl: "smtp://127.0.0.1:9", from: "news@example.com" });
    const later = await breakingStory("عاجل: تعليق الدراسة غداً");
    await sendBreakingAlert(db, later.id, editor);
    expect(await sendDueEmails(db, away, { ratePerSecond: 1000, instance: "test" })).toMatchObject({ retried: 1, sent: 0 });
    const [waiting] = await db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, "fine@example.com"), eq(emailOutbox.status, "queued")));
    expect(waiting!.attempts).toBe(1);
    expect(waiting!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    away.close();
  });

  it("writes .eml files under the data directory when no SMTP_URL is set (embedded mode)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "outbox-"));
    const files = createMailTransport({ outboxDir: dir, from: "news@example.com", smtpUrl: "" });
    expect(files.describe).toContain(dir);
    const result = await files.send({ to: "eml@example.com", subject: "عاجل: تجربة", html: '<p dir="rtl">نص</p>', text: "نص", messageId: "<eml-1@example.com>", unsubscribeUrl: "http://localhost/newsletter/one-click?token=u.1.1.1.x" });
    expect(result).toEqual({ ok: true });
    const [name] = await readdir(dir);
    const eml = await readFile(path.join(dir, name!), "utf8");
    expect(eml).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(eml).toContain("Message-ID: <eml-1@example.com>");
    await rm(dir, { recursive: true, force: true });
  });

  it("lets one instance send at a time", async () => {
    const { sendDueEmails: run } = await import("@/lib/newsletters/sender");
    const slowTransport: MailTransport = { describe: "slow", close: () => {}, send: async () => ({ ok: true }) };
    await confirmedReader("pair@example.com", ["breaking"]);
    const story = await breakingStory("عاجل: اجتماع طارئ لمجلس الأمن");
    await sendBreakingAlert(db, story.id, editor);
    const [first, second] = await Promise.all([
      run(db, slowTransport, { ratePerSecond: 5, instance: "a" }),
      run(db, slowTransport, { ratePerSecond: 5, instance: "b" }),
    ]);
    expect([first, second].filter((report) => report === null)).toHaveLength(1);
  });
});
