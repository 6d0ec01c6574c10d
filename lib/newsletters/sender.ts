import "server-only";
import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { appMeta, emailOutbox, subscriptions } from "@/db/schema";
import type { MailTransport } from "@/lib/newsletters/transport";

// The sender: a durable queue in Postgres (email_outbox), worked by one instance at a time. Each
// round takes the sender's lease (app_meta, taken under an advisory lock), claims a batch of due
// rows (status sending, lease_until) and sends them one by one at NEWSLETTER_SEND_RATE, marking
// each sent as soon as the SMTP server accepts it. A crash leaves at most the message in flight
// unmarked; its lease runs out and it is sent again with the same Message-ID (receivers such as
// Gmail fold a repeated Message-ID). Nothing is lost: every row is sent, retried, or marked
// failed or bounced with its reason.

const SENDER_LOCK_KEY = 7_411_016;
const SENDER_LEASE_KEY = "newsletter_sender_lease";
export const MAX_ATTEMPTS = 6;
const BATCH = 100;

export type SendSettings = { ratePerSecond: number; batch?: number; leaseMs?: number; instance: string };
export type SendReport = { sent: number; retried: number; failed: number; bounced: number };

/** Minutes before the next try after `attempts` failures: 1, 5, 15, 60, 180. */
export function retryDelayMinutes(attempts: number): number {
  return [1, 5, 15, 60, 180][Math.min(attempts, 5) - 1] ?? 180;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes the sender's lease for this instance; false when another holds it. */
async function takeSenderLease(db: Database, instance: string, leaseMs: number, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${SENDER_LOCK_KEY}) as locked`);
    if (!lock?.locked) return false;
    const [current] = await tx.select().from(appMeta).where(eq(appMeta.key, SENDER_LEASE_KEY)).for("update");
    const [holder, until] = (current?.value ?? "").split(" ");
    if (current && holder !== instance && Number(until) > now.getTime()) return false;
    const value = `${instance} ${now.getTime() + leaseMs}`;
    await tx.insert(appMeta).values({ key: SENDER_LEASE_KEY, value, updatedAt: now }).onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: now } });
    return true;
  });
}

async function releaseSenderLease(db: Database, instance: string) {
  await db.delete(appMeta).where(and(eq(appMeta.key, SENDER_LEASE_KEY), sql`split_part(${appMeta.value}, ' ', 1) = ${instance}`));
}

/** One round of the sender. Null when another instance is sending. */
export async function sendDueEmails(db: Database, transport: MailTransport, settings: SendSettings): Promise<SendReport | null> {
  const leaseMs = settings.leaseMs ?? 60_000;
  const batch = settings.batch ?? BATCH;
  const started = new Date();
  // Most rounds find nothing to send: one indexed read, and no lease taken (no write every tick).
  const [due] = await queryRows<{ id: number }>(
    db,
    sql`select id from email_outbox where status in ('queued', 'sending') and next_attempt_at <= ${started.toISOString()}::timestamptz limit 1`,
  );
  if (!due) return { sent: 0, retried: 0, failed: 0, bounced: 0 };
  if (!(await takeSenderLease(db, settings.instance, leaseMs, started))) return null;
  const report: SendReport = { sent: 0, retried: 0, failed: 0, bounced: 0 };
  const gap = 1000 / settings.ratePerSecond;
  try {
    const rows = await db.transaction(async (tx) => {
      const due = await tx
        .select({ id: emailOutbox.id })
        .from(emailOutbox)
        .where(
          and(
            inArray(emailOutbox.status, ["queued", "sending"]),
            lte(emailOutbox.nextAttemptAt, started),
            or(isNull(emailOutbox.leaseUntil), lte(emailOutbox.leaseUntil, started)),
          ),
        )
        .orderBy(emailOutbox.id)
        .limit(batch)
        .for("update", { skipLocked: true });
      if (!due.length) return [];
      return tx
        .update(emailOutbox)
        .set({ status: "sending", leaseUntil: new Date(started.getTime() + leaseMs) })
        .where(inArray(emailOutbox.id, due.map((row) => row.id)))
        .returning();
    });
    rows.sort((a, b) => a.id - b.id);
    for (const row of rows) {
      const begun = Date.now();
      // Left the list (or was erased) after it was queued: it is not sent.
      if (row.campaignId !== null && !(await stillSubscribed(db, row.id))) {
        await db.update(emailOutbox).set({ status: "failed", lastError: "unsubscribed before sending", leaseUntil: null }).where(eq(emailOutbox.id, row.id));
        report.failed++;
        continue;
      }
      const result = await transport.send({ to: row.toAddress, subject: row.subject, html: row.html, text: row.text, messageId: row.messageId, unsubscribeUrl: row.unsubscribeUrl });
      const now = new Date();
      if (result.ok) {
        await db.update(emailOutbox).set({ status: "sent", sentAt: now, leaseUntil: null, attempts: row.attempts + 1, lastError: null }).where(eq(emailOutbox.id, row.id));
        report.sent++;
      } else if (result.permanent) {
        await db.update(emailOutbox).set({ status: "bounced", leaseUntil: null, attempts: row.attempts + 1, lastError: result.error }).where(eq(emailOutbox.id, row.id));
        // A mailbox that does not exist gets nothing more until its owner confirms again.
        if (row.subscriberId !== null) await db.update(subscriptions).set({ confirmedAt: null }).where(eq(subscriptions.subscriberId, row.subscriberId));
        report.bounced++;
      } else {
        const attempts = row.attempts + 1;
        const giveUp = attempts >= MAX_ATTEMPTS;
        await db
          .update(emailOutbox)
          .set({
            status: giveUp ? "failed" : "queued",
            attempts,
            lastError: result.error,
            leaseUntil: null,
            nextAttemptAt: new Date(now.getTime() + retryDelayMinutes(attempts) * 60_000),
          })
          .where(eq(emailOutbox.id, row.id));
        if (giveUp) report.failed++;
        else report.retried++;
      }
      // The send rate: each message takes at least its share of a second.
      const wait = gap - (Date.now() - begun);
      if (wait > 0) await sleep(wait);
      // Keep the lease while a long batch runs.
      if (Date.now() - started.getTime() > leaseMs / 2) await takeSenderLease(db, settings.instance, leaseMs, new Date());
    }
  } finally {
    await releaseSenderLease(db, settings.instance).catch(() => {});
  }
  return report;
}

async function stillSubscribed(db: Database, outboxId: number): Promise<boolean> {
  const [row] = await queryRows<{ ok: boolean }>(
    db,
    sql`select exists (
          select 1 from email_outbox o
            join newsletter_campaigns c on c.id = o.campaign_id
            join subscriptions s on s.subscriber_id = o.subscriber_id and s.list_id = c.list_id
           where o.id = ${outboxId} and s.confirmed_at is not null) as ok`,
  );
  return Boolean(row?.ok);
}
