import "server-only";
import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { articles, emailOutbox, newsletterCampaigns, newsletterLists, subscribers, subscriptions, type UserRole } from "@/db/schema";
import type { StoryCard } from "@/lib/articles/cards";
import { listLatestStories, listPublicCardsByIds, listSectionStories } from "@/lib/articles/queries";
import { isPublicAt } from "@/lib/articles/visibility";
import { can } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { isSlotLive } from "@/lib/front-page/layout";
import { readCurrentFrontPage } from "@/lib/front-page/queries";
import { formatClockTime, formatArticleDate, toIsoWithOffset } from "@/lib/i18n/dates";
import { renderBreakingAlertEmail, renderDigestEmail, type EmailContent, type EmailStory } from "@/lib/newsletters/emails";
import { newMessageId } from "@/lib/newsletters/outbox";
import { encodeNewsletterToken } from "@/lib/newsletters/tokens";
import { getDateConfig } from "@/lib/site-config";
import { absoluteUrl, paths } from "@/lib/urls";
import { listMostReadStories } from "@/lib/views/queries";

// Campaigns: one sending to one list, queued in full in one transaction (email_outbox), so a crash
// halfway through queueing leaves nothing rather than half a list. The daily digest goes out once
// per list and day at NEWSLETTER_DIGEST_TIME in TIME_ZONE; a breaking alert once per story, when
// an editor confirms it.

export const DIGEST_STORIES = 8;
const DIGEST_WINDOW_HOURS = 24;
const INSERT_CHUNK = 500;
// Per-subscriber links are filled into one rendering: the tokens are [\w.-], safe in any attribute.
const UNSUBSCRIBE_MARK = "https://unsubscribe.invalid/__token__";
const PREFERENCES_MARK = "https://preferences.invalid/__token__";

/** The day in TIME_ZONE, YYYY-MM-DD. */
export function localDay(now: Date, timeZone = getEnv().timeZone): string {
  return toIsoWithOffset(now, timeZone).slice(0, 10);
}

function emailStory(card: StoryCard, now: Date): EmailStory {
  const dates = getDateConfig();
  return {
    title: card.title,
    url: absoluteUrl(paths.article(card.id, card.slug)),
    dek: card.dek,
    sectionName: card.sectionName,
    imageUrl: card.hero ? absoluteUrl(paths.media(card.hero.path, 640)) : null,
    imageAlt: card.hero?.alt ?? "",
    timeLabel: sameDay(new Date(card.firstPublishedAt), now, dates.timeZone) ? formatClockTime(new Date(card.firstPublishedAt), dates) : formatArticleDate(new Date(card.firstPublishedAt), { ...dates, showHijri: false }),
  };
}

const sameDay = (a: Date, b: Date, timeZone: string) => localDay(a, timeZone) === localDay(b, timeZone);

/**
 * A digest's stories: what the editors placed on the front page first (lead, then top stories,
 * then the featured strip), then the most read of the last day, then the latest, without repeats,
 * from the last 24 hours. A section list takes its section's most read and latest.
 */
export async function digestStories(db: Executor, list: { kind: string; sectionId: number | null }, now: Date): Promise<StoryCard[]> {
  const since = now.getTime() - DIGEST_WINDOW_HOURS * 3_600_000;
  const recent = (card: StoryCard) => new Date(card.firstPublishedAt).getTime() >= since;
  const picked: StoryCard[] = [];
  const add = (cards: StoryCard[]) => {
    for (const card of cards) if (picked.length < DIGEST_STORIES && recent(card) && !picked.some((p) => p.id === card.id)) picked.push(card);
  };
  if (list.kind === "section" && list.sectionId) {
    add(await listMostReadStories(db, { now, sectionId: list.sectionId, limit: DIGEST_STORIES }));
    add((await listSectionStories(db, { now, sectionId: list.sectionId, limit: DIGEST_STORIES })).items);
    return picked;
  }
  const { layout } = await readCurrentFrontPage(db);
  const placed = [layout.lead, ...layout.top, ...(layout.featured?.slots ?? [])].filter((slot) => slot && isSlotLive(slot, now)).map((slot) => slot!.articleId);
  const placedCards = await listPublicCardsByIds(db, placed, now);
  add(placed.map((id) => placedCards.find((card) => card.id === id)).filter((card): card is StoryCard => Boolean(card)));
  add(await listMostReadStories(db, { now, limit: DIGEST_STORIES }));
  add((await listLatestStories(db, { now, limit: DIGEST_STORIES * 2 })).items);
  return picked;
}

type ListRow = typeof newsletterLists.$inferSelect;

/** Queues one campaign for every confirmed subscriber of its list, in the caller's transaction. */
async function queueCampaign(tx: Executor, campaign: { id: number; kind: "digest" | "breaking" }, list: ListRow, content: EmailContent, now: Date): Promise<number> {
  const recipients = await tx
    .select({ id: subscribers.id, email: subscribers.email, version: subscribers.tokenVersion })
    .from(subscriptions)
    .innerJoin(subscribers, eq(subscribers.id, subscriptions.subscriberId))
    .where(and(eq(subscriptions.listId, list.id), isNotNull(subscriptions.confirmedAt)))
    .orderBy(asc(subscribers.id));
  for (let start = 0; start < recipients.length; start += INSERT_CHUNK) {
    const rows = recipients.slice(start, start + INSERT_CHUNK).map((recipient) => {
      const unsubscribeToken = encodeNewsletterToken({ purpose: "unsubscribe", subscriberId: recipient.id, version: recipient.version, listId: list.id });
      const unsubscribeUrl = absoluteUrl(paths.newsletterUnsubscribe(unsubscribeToken));
      const preferencesUrl = absoluteUrl(paths.newsletterPreferences(encodeNewsletterToken({ purpose: "preferences", subscriberId: recipient.id, version: recipient.version })));
      const fill = (text: string) => text.replaceAll(UNSUBSCRIBE_MARK, unsubscribeUrl).replaceAll(PREFERENCES_MARK, preferencesUrl);
      return {
        kind: campaign.kind,
        campaignId: campaign.id,
        subscriberId: recipient.id,
        toAddress: recipient.email,
        subject: content.subject,
        html: fill(content.html),
        text: fill(content.text),
        // The header's target takes the POST; the visible link opens a page with one button.
        unsubscribeUrl: absoluteUrl(paths.newsletterOneClick(unsubscribeToken)),
        messageId: newMessageId(`${campaign.kind}-${campaign.id}-${recipient.id}`),
        nextAttemptAt: now,
        createdAt: now,
      };
    });
    await tx.insert(emailOutbox).values(rows).onConflictDoNothing();
  }
  return recipients.length;
}

function frame(list: ListRow) {
  const env = getEnv();
  return { siteName: env.siteName, siteUrl: absoluteUrl(paths.home()), listName: list.name, unsubscribeUrl: UNSUBSCRIBE_MARK, preferencesUrl: PREFERENCES_MARK };
}

/** Whether the digest time has come today in TIME_ZONE. */
export function digestTimeReached(now: Date, digestTime = getEnv().newsletterDigestTime, timeZone = getEnv().timeZone): boolean {
  const clock = toIsoWithOffset(now, timeZone).slice(11, 16);
  return clock >= digestTime;
}

/**
 * Queues today's digest for every digest and section list that has none yet, once the digest time
 * has come. Idempotent: the (list, day) unique index makes a second round, or a second instance, a no-op.
 */
export async function queueDueDigests(
  db: Database,
  now = new Date(),
  digestTime = getEnv().newsletterDigestTime,
): Promise<{ listId: number; campaignId: number; recipients: number }[]> {
  if (!digestTimeReached(now, digestTime)) return [];
  const day = localDay(now);
  const lists = await db.select().from(newsletterLists).where(and(eq(newsletterLists.active, true), inArray(newsletterLists.kind, ["digest", "section"])));
  const queued: { listId: number; campaignId: number; recipients: number }[] = [];
  for (const list of lists) {
    const [done] = await db.select({ id: newsletterCampaigns.id }).from(newsletterCampaigns).where(and(eq(newsletterCampaigns.listId, list.id), eq(newsletterCampaigns.day, day)));
    if (done) continue;
    // Nobody to send to yet: no campaign either, so a reader who confirms later today still gets today's.
    const [audience] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(subscriptions)
      .where(and(eq(subscriptions.listId, list.id), isNotNull(subscriptions.confirmedAt)));
    if (!Number(audience?.n ?? 0)) continue;
    const stories = await digestStories(db, list, now);
    // No story in the last day: no digest rather than an empty one.
    if (!stories.length) continue;
    const dates = getDateConfig();
    const content = await renderDigestEmail({
      frame: frame(list),
      dateLabel: formatArticleDate(now, { ...dates, showHijri: false }),
      webUrl: absoluteUrl(paths.newsletterDigest(day)),
      stories: stories.map((card) => emailStory(card, now)),
    });
    const result = await db.transaction(async (tx) => {
      const [campaign] = await tx
        .insert(newsletterCampaigns)
        .values({ listId: list.id, kind: "digest", day, subject: content.subject, storyIds: stories.map((story) => story.id), createdAt: now })
        .onConflictDoNothing()
        .returning({ id: newsletterCampaigns.id });
      if (!campaign) return null;
      return { listId: list.id, campaignId: campaign.id, recipients: await queueCampaign(tx, { id: campaign.id, kind: "digest" }, list, content, now) };
    });
    if (result) queued.push(result);
  }
  return queued;
}

/** The day's digest as a web page: the stories the «نشرة اليوم» list's e-mail carried. */
export async function getDigestPage(db: Executor, day: string, now = new Date()): Promise<{ day: string; stories: StoryCard[] } | null> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const [campaign] = await db
    .select({ storyIds: newsletterCampaigns.storyIds })
    .from(newsletterCampaigns)
    .innerJoin(newsletterLists, eq(newsletterLists.id, newsletterCampaigns.listId))
    .where(and(eq(newsletterCampaigns.day, day), eq(newsletterLists.kind, "digest")))
    .orderBy(asc(newsletterCampaigns.id))
    .limit(1);
  if (!campaign) return null;
  const cards = await listPublicCardsByIds(db, campaign.storyIds, now);
  return { day, stories: campaign.storyIds.map((id) => cards.find((card) => card.id === id)).filter((card): card is StoryCard => Boolean(card)) };
}

/** Recipients an alert would reach now: the confirmed subscribers of the breaking list. */
export async function breakingAudience(db: Executor): Promise<{ list: ListRow | null; recipients: number }> {
  const [list] = await db.select().from(newsletterLists).where(and(eq(newsletterLists.kind, "breaking"), eq(newsletterLists.active, true))).orderBy(asc(newsletterLists.id)).limit(1);
  if (!list) return { list: null, recipients: 0 };
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(subscriptions)
    .where(and(eq(subscriptions.listId, list.id), isNotNull(subscriptions.confirmedAt)));
  return { list, recipients: Number(row?.n ?? 0) };
}

/**
 * «أرسل تنبيهاً»: an editor's explicit, confirmed decision, never automatic. The story must be
 * public and marked breaking; a story is alerted once.
 */
export async function sendBreakingAlert(db: Database, articleId: number, actor: { userId: number | null; role: UserRole }, now = new Date()): Promise<{ campaignId: number; recipients: number }> {
  if (!can(actor, "sendNewsletters")) throw new ForbiddenError("إرسال التنبيهات من صلاحيات المحرر");
  const [article] = await db.select().from(articles).where(eq(articles.id, articleId));
  if (!article) throw new NotFoundError("الخبر غير موجود");
  if (!article.isBreaking || !isPublicAt(article, now)) throw new ValidationError({ articleId: ["التنبيه لخبر عاجل منشور فقط"] });
  const { list } = await breakingAudience(db);
  if (!list) throw new ValidationError({ articleId: ["لا توجد قائمة «عاجل» مفعّلة"] });
  const [card] = await listPublicCardsByIds(db, [articleId], now);
  const content = await renderBreakingAlertEmail({ frame: frame(list), story: emailStory(card!, now) });
  return db.transaction(async (tx) => {
    const [campaign] = await tx
      .insert(newsletterCampaigns)
      .values({ listId: list.id, kind: "breaking", articleId, subject: content.subject, storyIds: [articleId], createdBy: actor.userId, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: newsletterCampaigns.id });
    if (!campaign) throw new ConflictError("أُرسل تنبيه بهذا الخبر من قبل");
    return { campaignId: campaign.id, recipients: await queueCampaign(tx, { id: campaign.id, kind: "breaking" }, list, content, now) };
  });
}
