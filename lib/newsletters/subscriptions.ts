import "server-only";
import { createHmac } from "node:crypto";
import { and, asc, count, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Executor } from "@/db/client";
import { emailOutbox, newsletterLists, newsletterSignupAttempts, subscribers, subscriptions } from "@/db/schema";
import { getAuthSecret, getEnv } from "@/lib/env";
import { ValidationError, fieldErrorsFromIssues } from "@/lib/errors";
import { renderConfirmationEmail } from "@/lib/newsletters/emails";
import { CONFIRMATION_TTL_HOURS, decodeNewsletterToken, encodeNewsletterToken } from "@/lib/newsletters/tokens";
import { absoluteUrl, paths } from "@/lib/urls";
import { newMessageId } from "@/lib/newsletters/outbox";

// Sign-up with double opt-in, confirmation, one-click unsubscribe, preferences and erasure. What is
// kept about a reader: the address (lower-case, trimmed), when each list was confirmed, and the
// page the sign-up came from. Nothing is sent to an unconfirmed list; the sign-up's answer is the
// same whether the address is new, pending or subscribed already.

export type NewsletterList = typeof newsletterLists.$inferSelect;

export const EMAIL_MAX = 254;
/** One confirmation e-mail per address per window, however often the form is sent. */
export const CONFIRMATION_THROTTLE_MS = 10 * 60_000;
/** Sign-ups per client per hour. */
export const SIGNUPS_PER_CLIENT_PER_HOUR = 10;

// Deliberately plain: a local part and a dotted domain, no spaces, quotes, angle brackets or
// control characters. The confirmation e-mail is the real test of an address.
const EMAIL_SHAPE = /^[^\s@"<>()[\]\\,;:]{1,64}@[^\s@"<>()[\]\\,;:_]+\.[^\s@"<>()[\]\\,;:_]{2,}$/u;
const CONTROL = /[\u0000-\u001f\u007f]/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const signupSchema = z.object({
  email: z
    .string({ error: "اكتب بريدك الإلكتروني" })
    .max(EMAIL_MAX * 2, { error: `البريد أطول من ${EMAIL_MAX} حرفاً` })
    .transform((value) => value.trim())
    .pipe(
      z
        .string()
        .min(1, { error: "اكتب بريدك الإلكتروني", abort: true })
        .max(EMAIL_MAX, { error: `البريد أطول من ${EMAIL_MAX} حرفاً`, abort: true })
        // "\r\n" in an address is how headers get injected into an e-mail: refused outright.
        .refine((value) => !CONTROL.test(value), { error: "البريد يحوي محارف غير مسموحة", abort: true })
        .refine((value) => EMAIL_SHAPE.test(value), { error: "اكتب بريداً صحيحاً مثل name@example.com" }),
    ),
  lists: z
    .array(z.string().max(60), { error: "اختر قائمة واحدة على الأقل" })
    .max(20, { error: "قوائم أكثر من اللازم" })
    .min(1, { error: "اختر قائمة واحدة على الأقل" }),
  /** A field people never see: filled in, it is a bot. */
  website: z.string().max(500).optional().default(""),
  /** The page the form was on. */
  source: z.string().max(300).optional().default(""),
});

export type SignupInput = z.input<typeof signupSchema>;
export type SignupResult = { status: "accepted" } | { status: "throttled" };

export async function listActiveLists(db: Executor): Promise<NewsletterList[]> {
  return db.select().from(newsletterLists).where(eq(newsletterLists.active, true)).orderBy(asc(newsletterLists.position), asc(newsletterLists.id));
}

function clientKey(client: string): string {
  return createHmac("sha256", getAuthSecret()).update(`newsletter-client:${client}`).digest("base64url").slice(0, 22);
}

/** A site path for the consent record, never a full URL or anything else a form could smuggle. */
function sourcePathOf(source: string): string {
  return /^\/[^\s]*$/.test(source) && !source.startsWith("//") ? source.slice(0, 300) : "";
}

/**
 * The sign-up form's command. Field errors for bad input; otherwise the same answer for every
 * address, with a confirmation e-mail queued unless one went out in the last few minutes.
 */
export async function subscribe(db: Database, input: unknown, client: string, now = new Date()): Promise<SignupResult> {
  const parsed = signupSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromIssues(parsed.error.issues));
  const { email: rawEmail, lists: slugs, website, source } = parsed.data;
  // A bot filled the hidden field: it hears "accepted", and nothing happens.
  if (website.trim()) return { status: "accepted" };
  const key = clientKey(client);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const [recent] = await db
    .select({ n: count() })
    .from(newsletterSignupAttempts)
    .where(and(eq(newsletterSignupAttempts.clientKey, key), gt(newsletterSignupAttempts.attemptedAt, hourAgo)));
  if ((recent?.n ?? 0) >= SIGNUPS_PER_CLIENT_PER_HOUR) return { status: "throttled" };
  await db.insert(newsletterSignupAttempts).values({ clientKey: key, attemptedAt: now });
  if (Math.random() < 0.05) await db.delete(newsletterSignupAttempts).where(lt(newsletterSignupAttempts.attemptedAt, hourAgo));

  const active = await listActiveLists(db);
  const chosen = active.filter((list) => slugs.includes(list.slug));
  if (!chosen.length) throw new ValidationError({ lists: ["اختر قائمة واحدة على الأقل"] });
  const email = normalizeEmail(rawEmail);

  const toConfirm = await db.transaction(async (tx) => {
    await tx.insert(subscribers).values({ email, sourcePath: sourcePathOf(source), createdAt: now }).onConflictDoNothing({ target: subscribers.email });
    const [subscriber] = await tx.select().from(subscribers).where(eq(subscribers.email, email)).for("update");
    await tx
      .insert(subscriptions)
      .values(chosen.map((list) => ({ subscriberId: subscriber!.id, listId: list.id, createdAt: now })))
      .onConflictDoNothing();
    const pending = await tx
      .select({ name: newsletterLists.name })
      .from(subscriptions)
      .innerJoin(newsletterLists, eq(newsletterLists.id, subscriptions.listId))
      .where(and(eq(subscriptions.subscriberId, subscriber!.id), isNull(subscriptions.confirmedAt)));
    // Nothing left to confirm (every list already confirmed), or a confirmation went out just now.
    if (!pending.length) return null;
    if (subscriber!.confirmationSentAt && now.getTime() - subscriber!.confirmationSentAt.getTime() < CONFIRMATION_THROTTLE_MS) return null;
    await tx.update(subscribers).set({ confirmationSentAt: now }).where(eq(subscribers.id, subscriber!.id));
    return { subscriber: subscriber!, listNames: pending.map((row) => row.name) };
  });
  if (toConfirm) await queueConfirmation(db, toConfirm.subscriber, toConfirm.listNames, now);
  return { status: "accepted" };
}

async function queueConfirmation(db: Executor, subscriber: typeof subscribers.$inferSelect, listNames: string[], now: Date) {
  const env = getEnv();
  const token = encodeNewsletterToken({
    purpose: "confirm",
    subscriberId: subscriber.id,
    version: subscriber.tokenVersion,
    expiresAt: new Date(now.getTime() + CONFIRMATION_TTL_HOURS * 3_600_000),
  });
  const content = await renderConfirmationEmail({
    siteName: env.siteName,
    siteUrl: absoluteUrl(paths.home()),
    confirmUrl: absoluteUrl(paths.newsletterConfirm(token)),
    listNames,
    expiresInHours: CONFIRMATION_TTL_HOURS,
  });
  await db.insert(emailOutbox).values({
    kind: "confirmation",
    subscriberId: subscriber.id,
    toAddress: subscriber.email,
    subject: content.subject,
    html: content.html,
    text: content.text,
    messageId: newMessageId(`confirm-${subscriber.id}`),
    nextAttemptAt: now,
    createdAt: now,
  });
}

/** The confirmation link's POST: every list the address asked for becomes confirmed. */
export async function confirmSubscription(db: Database, rawToken: string | null, now = new Date()): Promise<{ email: string; lists: string[] } | null> {
  const token = decodeNewsletterToken(rawToken, now);
  if (token?.purpose !== "confirm") return null;
  return db.transaction(async (tx) => {
    const [subscriber] = await tx
      .select()
      .from(subscribers)
      .where(and(eq(subscribers.id, token.subscriberId), eq(subscribers.tokenVersion, token.version)))
      .for("update");
    if (!subscriber) return null;
    await tx
      .update(subscriptions)
      .set({ confirmedAt: now })
      .where(and(eq(subscriptions.subscriberId, subscriber.id), isNull(subscriptions.confirmedAt)));
    if (!subscriber.confirmedAt) await tx.update(subscribers).set({ confirmedAt: now }).where(eq(subscribers.id, subscriber.id));
    const lists = await tx
      .select({ name: newsletterLists.name })
      .from(subscriptions)
      .innerJoin(newsletterLists, eq(newsletterLists.id, subscriptions.listId))
      .where(eq(subscriptions.subscriberId, subscriber.id));
    return { email: subscriber.email, lists: lists.map((row) => row.name) };
  });
}

/** RFC 8058 one-click (and the visible link's button): leaves one list. True when the link is good. */
export async function unsubscribeByToken(db: Database, rawToken: string | null): Promise<{ listName: string } | null> {
  const token = decodeNewsletterToken(rawToken);
  if (token?.purpose !== "unsubscribe") return null;
  const [subscriber] = await db
    .select({ id: subscribers.id })
    .from(subscribers)
    .where(and(eq(subscribers.id, token.subscriberId), eq(subscribers.tokenVersion, token.version)));
  if (!subscriber) return null;
  await removeSubscriptions(db, subscriber.id, [token.listId]);
  const [list] = await db.select({ name: newsletterLists.name }).from(newsletterLists).where(eq(newsletterLists.id, token.listId));
  return { listName: list?.name ?? "" };
}

/** Leaves lists, and takes back what was queued for them and not yet sent. */
export async function removeSubscriptions(db: Database, subscriberId: number, listIds: number[]): Promise<void> {
  if (!listIds.length) return;
  await db.transaction(async (tx) => {
    await tx.delete(subscriptions).where(and(eq(subscriptions.subscriberId, subscriberId), inArray(subscriptions.listId, listIds)));
    await tx.execute(sql`
      update email_outbox o set status = 'failed', last_error = 'unsubscribed before sending', lease_until = null
        from newsletter_campaigns c
       where o.campaign_id = c.id and o.subscriber_id = ${subscriberId} and o.status = 'queued'
         and c.list_id in (${sql.join(listIds.map((id) => sql`${id}`), sql`, `)})`);
  });
}

export type PreferencesView = { subscriberId: number; email: string; lists: (NewsletterList & { subscribed: boolean; confirmed: boolean })[] };

export async function preferencesByToken(db: Executor, rawToken: string | null): Promise<PreferencesView | null> {
  const token = decodeNewsletterToken(rawToken);
  if (token?.purpose !== "preferences") return null;
  const [subscriber] = await db
    .select()
    .from(subscribers)
    .where(and(eq(subscribers.id, token.subscriberId), eq(subscribers.tokenVersion, token.version)));
  if (!subscriber) return null;
  const mine = await db.select().from(subscriptions).where(eq(subscriptions.subscriberId, subscriber.id));
  const lists = (await listActiveLists(db)).map((list) => {
    const row = mine.find((subscription) => subscription.listId === list.id);
    return { ...list, subscribed: Boolean(row), confirmed: Boolean(row?.confirmedAt) };
  });
  return { subscriberId: subscriber.id, email: subscriber.email, lists };
}

/**
 * The preferences form: exactly these lists. The link came to the address, which proves it is the
 * reader's, so lists added here are confirmed at once.
 */
export async function savePreferences(db: Database, rawToken: string | null, listIds: number[], now = new Date()): Promise<boolean> {
  const view = await preferencesByToken(db, rawToken);
  if (!view) return false;
  const wanted = new Set(view.lists.filter((list) => listIds.includes(list.id)).map((list) => list.id));
  const leaving = view.lists.filter((list) => list.subscribed && !wanted.has(list.id)).map((list) => list.id);
  await removeSubscriptions(db, view.subscriberId, leaving);
  if (wanted.size) {
    await db
      .insert(subscriptions)
      .values([...wanted].map((listId) => ({ subscriberId: view.subscriberId, listId, confirmedAt: now, createdAt: now })))
      .onConflictDoUpdate({ target: [subscriptions.subscriberId, subscriptions.listId], set: { confirmedAt: sql`coalesce(${subscriptions.confirmedAt}, ${now.toISOString()}::timestamptz)` } });
  }
  return true;
}

/**
 * Erases a reader: the address and its subscriptions go; what was sent to it stays as counts, with
 * the address blanked, so a campaign's log still adds up.
 */
export async function eraseSubscriber(db: Database, subscriberId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx
      .update(emailOutbox)
      .set({ toAddress: "", html: "", text: "", status: sql`case when ${emailOutbox.status} in ('queued', 'sending') then 'failed'::email_status else ${emailOutbox.status} end`, lastError: sql`case when ${emailOutbox.status} in ('queued', 'sending') then 'erased before sending' else ${emailOutbox.lastError} end` })
      .where(eq(emailOutbox.subscriberId, subscriberId));
    const deleted = await tx.delete(subscribers).where(eq(subscribers.id, subscriberId)).returning({ id: subscribers.id });
    return deleted.length > 0;
  });
}

export async function eraseByToken(db: Database, rawToken: string | null): Promise<boolean> {
  const view = await preferencesByToken(db, rawToken);
  return view ? eraseSubscriber(db, view.subscriberId) : false;
}
