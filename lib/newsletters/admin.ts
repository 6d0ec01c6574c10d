import "server-only";
import { and, asc, desc, eq, gte, ilike, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Executor } from "@/db/client";
import { likePattern } from "@/db/like";
import { articles, emailOutbox, newsletterCampaigns, newsletterLists, sections, subscribers, subscriptions, type UserRole } from "@/db/schema";
import { publicArticleWhere } from "@/lib/articles/visibility";
import { can } from "@/lib/auth/permissions";
import { ForbiddenError, ValidationError, fieldErrorsFromIssues } from "@/lib/errors";
import { removeSubscriptions } from "@/lib/newsletters/subscriptions";

// What the newsletters' admin reads and changes. Editors see counts and send logs; addresses are
// for admins only (manageSubscribers), and every function that returns one asks.

type Actor = { role: UserRole };

function assertSeesAddresses(actor: Actor) {
  if (!can(actor, "manageSubscribers")) throw new ForbiddenError("عناوين المشتركين للمدير وحده");
}

/** Every list with its confirmed and pending subscribers. */
export async function listSubscriberCounts(db: Executor) {
  return db
    .select({
      id: newsletterLists.id,
      slug: newsletterLists.slug,
      name: newsletterLists.name,
      kind: newsletterLists.kind,
      active: newsletterLists.active,
      sectionName: sections.name,
      confirmed: sql<number>`count(${subscriptions.subscriberId}) filter (where ${subscriptions.confirmedAt} is not null)::int`,
      pending: sql<number>`count(${subscriptions.subscriberId}) filter (where ${subscriptions.confirmedAt} is null)::int`,
    })
    .from(newsletterLists)
    .leftJoin(subscriptions, eq(subscriptions.listId, newsletterLists.id))
    .leftJoin(sections, eq(sections.id, newsletterLists.sectionId))
    .groupBy(newsletterLists.id, sections.name)
    .orderBy(asc(newsletterLists.position), asc(newsletterLists.id));
}

/** The send log: recent campaigns with how many of their e-mails are queued, sent, failed, bounced. */
export async function listCampaignLog(db: Executor, limit = 30) {
  return db
    .select({
      id: newsletterCampaigns.id,
      kind: newsletterCampaigns.kind,
      subject: newsletterCampaigns.subject,
      day: newsletterCampaigns.day,
      createdAt: newsletterCampaigns.createdAt,
      listName: newsletterLists.name,
      queued: sql<number>`count(${emailOutbox.id}) filter (where ${emailOutbox.status} in ('queued', 'sending'))::int`,
      sent: sql<number>`count(${emailOutbox.id}) filter (where ${emailOutbox.status} = 'sent')::int`,
      failed: sql<number>`count(${emailOutbox.id}) filter (where ${emailOutbox.status} = 'failed')::int`,
      bounced: sql<number>`count(${emailOutbox.id}) filter (where ${emailOutbox.status} = 'bounced')::int`,
    })
    .from(newsletterCampaigns)
    .innerJoin(newsletterLists, eq(newsletterLists.id, newsletterCampaigns.listId))
    .leftJoin(emailOutbox, eq(emailOutbox.campaignId, newsletterCampaigns.id))
    .groupBy(newsletterCampaigns.id, newsletterLists.name)
    .orderBy(desc(newsletterCampaigns.createdAt), desc(newsletterCampaigns.id))
    .limit(limit);
}

/** Breaking stories of the last day that are public and have had no alert: what «أرسل تنبيهاً» offers. */
export async function listAlertCandidates(db: Executor, now = new Date()) {
  return db
    .select({ id: articles.id, title: articles.title, firstPublishedAt: articles.firstPublishedAt })
    .from(articles)
    .where(
      and(
        eq(articles.isBreaking, true),
        publicArticleWhere(now),
        gte(articles.firstPublishedAt, new Date(now.getTime() - 24 * 3_600_000)),
        sql`not exists (select 1 from ${newsletterCampaigns} c where c.article_id = ${articles.id} and c.kind = 'breaking')`,
      ),
    )
    .orderBy(desc(articles.firstPublishedAt))
    .limit(20);
}

export type SubscriberRow = { id: number; email: string; confirmedAt: Date | null; createdAt: Date; sourcePath: string; lists: { name: string; confirmed: boolean }[] };

/** Subscribers whose address contains `q` (admins only). */
export async function searchSubscribers(db: Executor, actor: Actor, q: string, limit = 50): Promise<SubscriberRow[]> {
  assertSeesAddresses(actor);
  const rows = await db
    .select()
    .from(subscribers)
    .where(q.trim() ? ilike(subscribers.email, likePattern(q.trim().toLowerCase())) : undefined)
    .orderBy(desc(subscribers.createdAt), desc(subscribers.id))
    .limit(limit);
  const lists = rows.length
    ? await db
        .select({ subscriberId: subscriptions.subscriberId, name: newsletterLists.name, confirmedAt: subscriptions.confirmedAt })
        .from(subscriptions)
        .innerJoin(newsletterLists, eq(newsletterLists.id, subscriptions.listId))
        .where(inArray(subscriptions.subscriberId, rows.map((row) => row.id)))
    : [];
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    confirmedAt: row.confirmedAt,
    createdAt: row.createdAt,
    sourcePath: row.sourcePath,
    lists: lists.filter((list) => list.subscriberId === row.id).map((list) => ({ name: list.name, confirmed: list.confirmedAt !== null })),
  }));
}

/** A spreadsheet can run a cell that starts with = + - @: such a cell is quoted as text. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Every subscriber as CSV (admins only): address, lists, consent times, source page. */
export async function exportSubscribersCsv(db: Executor, actor: Actor): Promise<string> {
  assertSeesAddresses(actor);
  const rows = await db
    .select({
      email: subscribers.email,
      createdAt: subscribers.createdAt,
      confirmedAt: subscribers.confirmedAt,
      sourcePath: subscribers.sourcePath,
      lists: sql<string>`coalesce(string_agg(${newsletterLists.slug} || case when ${subscriptions.confirmedAt} is null then ' (pending)' else '' end, ' ' order by ${newsletterLists.position}), '')`,
    })
    .from(subscribers)
    .leftJoin(subscriptions, eq(subscriptions.subscriberId, subscribers.id))
    .leftJoin(newsletterLists, eq(newsletterLists.id, subscriptions.listId))
    .groupBy(subscribers.id)
    .orderBy(asc(subscribers.id));
  const lines = [["email", "lists", "signed_up_at", "confirmed_at", "source_page"].join(",")];
  for (const row of rows) {
    lines.push([row.email, row.lists, row.createdAt.toISOString(), row.confirmedAt?.toISOString() ?? "", row.sourcePath].map(csvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** An admin's manual unsubscribe: every list, the address kept (it can sign up again). */
export async function unsubscribeEverywhere(db: Database, actor: Actor, subscriberId: number): Promise<void> {
  assertSeesAddresses(actor);
  const lists = await db.select({ listId: subscriptions.listId }).from(subscriptions).where(eq(subscriptions.subscriberId, subscriberId));
  await removeSubscriptions(db, subscriberId, lists.map((row) => row.listId));
}

export const sectionListSchema = z.object({
  sectionId: z.coerce.number({ error: "اختر القسم" }).int().positive({ error: "اختر القسم" }),
  name: z.string().trim().min(2, { error: "اسم القائمة مطلوب" }).max(80, { error: "الاسم أطول من 80 حرفاً" }),
  description: z.string().trim().max(200, { error: "الوصف أطول من 200 حرف" }).default(""),
});

/** Admins define a list per section: its digest carries that section's stories. */
export async function createSectionList(db: Executor, actor: Actor, input: unknown) {
  assertSeesAddresses(actor);
  const parsed = sectionListSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromIssues(parsed.error.issues));
  const [section] = await db.select().from(sections).where(eq(sections.id, parsed.data.sectionId));
  if (!section) throw new ValidationError({ sectionId: ["القسم غير موجود"] });
  const [exists] = await db.select({ id: newsletterLists.id }).from(newsletterLists).where(eq(newsletterLists.sectionId, section.id));
  if (exists) throw new ValidationError({ sectionId: ["لهذا القسم قائمة من قبل"] });
  const [row] = await db
    .insert(newsletterLists)
    .values({ slug: `section-${section.slug}`.slice(0, 60), name: parsed.data.name, description: parsed.data.description, kind: "section", sectionId: section.id, position: 10 + section.position })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new ValidationError({ sectionId: ["لهذا القسم قائمة من قبل"] });
  return row;
}

export async function setListActive(db: Executor, actor: Actor, listId: number, active: boolean) {
  assertSeesAddresses(actor);
  await db.update(newsletterLists).set({ active }).where(eq(newsletterLists.id, listId));
}

