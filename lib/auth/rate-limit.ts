import "server-only";
import { and, count, desc, eq, gt, lt, max, ne } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { loginAttempts, users } from "@/db/schema";

// Login throttling kept in the database, so it holds across restarts and across instances.
// Every attempt is a row keyed by (email, client address). Three rules, none of which can lock the
// right password out for someone else:
// - per (account, client): after MAX_FAILURES_PER_ACCOUNT_CLIENT failures inside WINDOW_MS, that
//   client's next attempt on that account is refused. This is the guesser's own door; a refused
//   attempt is recorded as a failure too, so hammering keeps it shut.
// - per client: after MAX_FAILURES_PER_CLIENT failures across all accounts, the client is refused.
// - per account: failures from every client add a delay before the password is checked, doubling
//   from ACCOUNT_DELAY_BASE_MS and capped at MAX_ACCOUNT_DELAY_MS. It slows a guesser spread over
//   many addresses but never refuses: the owner, from a clean address, always gets in within a few
//   seconds. A device that signed in before (lib/auth/trusted-device.ts) skips the delay.
// A successful login, or an admin clearing the throttle, resets the account's count.
export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT_CLIENT = 5;
export const MAX_FAILURES_PER_CLIENT = 20;
export const ACCOUNT_DELAY_FREE_FAILURES = 5;
export const ACCOUNT_DELAY_BASE_MS = 250;
export const MAX_ACCOUNT_DELAY_MS = 3000;
const EMAIL_MAX = 320;
const CLIENT_MAX = 64;
// Attempts are kept for a while as an audit trail, then pruned now and then by the login itself.
export const ATTEMPT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const PRUNE_PROBABILITY = 0.01;

export function normalizeLoginEmail(email: string): string {
  return email.trim().toLowerCase().slice(0, EMAIL_MAX);
}

/** The wait before checking a password, after `failures` recent failures on the account. */
export function accountDelayMs(failures: number): number {
  if (failures < ACCOUNT_DELAY_FREE_FAILURES) return 0;
  const doublings = Math.min(failures - ACCOUNT_DELAY_FREE_FAILURES, 16);
  return Math.min(ACCOUNT_DELAY_BASE_MS * 2 ** doublings, MAX_ACCOUNT_DELAY_MS);
}

export type LoginGate =
  | { allowed: true; attemptId: number; accountDelayMs: number }
  | { allowed: false; attemptId: number; retryAt: Date };

/**
 * Records the attempt first (as a failure, until the password proves otherwise) and then counts:
 * concurrent attempts each see the others' rows, so a burst cannot slip past the limits.
 */
export async function openLoginAttempt(db: Executor, rawEmail: string, rawClient: string, now = new Date()): Promise<LoginGate> {
  const email = normalizeLoginEmail(rawEmail);
  const client = rawClient.slice(0, CLIENT_MAX);
  const [attempt] = await db
    .insert(loginAttempts)
    .values({ email, ip: client, succeeded: false, attemptedAt: now })
    .returning({ id: loginAttempts.id });
  const attemptId = attempt!.id;
  if (Math.random() < PRUNE_PROBABILITY) await pruneLoginAttempts(db, now);
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  const accountSince = await accountCountsSince(db, email, windowStart);

  const retryTimes = [
    await blockedUntil(db, and(eq(loginAttempts.email, email), eq(loginAttempts.ip, client))!, accountSince, MAX_FAILURES_PER_ACCOUNT_CLIENT, attemptId, now),
    await blockedUntil(db, eq(loginAttempts.ip, client), windowStart, MAX_FAILURES_PER_CLIENT, attemptId, now),
  ].filter((time): time is Date => time !== null);
  if (retryTimes.length > 0) {
    return { allowed: false, attemptId, retryAt: new Date(Math.max(...retryTimes.map((time) => time.getTime()))) };
  }

  const [accountFailures] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.email, email),
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.attemptedAt, accountSince),
        ne(loginAttempts.id, attemptId),
      ),
    );
  return { allowed: true, attemptId, accountDelayMs: accountDelayMs(Number(accountFailures?.n ?? 0)) };
}

/** The account's failures count from the latest of: the window's start, its last success, an admin's reset. */
async function accountCountsSince(db: Executor, email: string, windowStart: Date): Promise<Date> {
  const [lastSuccess] = await db
    .select({ at: max(loginAttempts.attemptedAt) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.succeeded, true)));
  const [account] = await db.select({ clearedAt: users.loginThrottleClearedAt }).from(users).where(eq(users.email, email));
  const candidates: Array<Date | string | null | undefined> = [windowStart, lastSuccess?.at, account?.clearedAt];
  return new Date(Math.max(...candidates.map((time) => (time ? new Date(time).getTime() : 0))));
}

async function blockedUntil(
  db: Executor,
  key: ReturnType<typeof eq>,
  since: Date,
  limit: number,
  ownAttemptId: number,
  now: Date,
): Promise<Date | null> {
  const failures = await db
    .select({ at: loginAttempts.attemptedAt })
    .from(loginAttempts)
    .where(and(key, eq(loginAttempts.succeeded, false), gt(loginAttempts.attemptedAt, since), ne(loginAttempts.id, ownAttemptId)))
    .orderBy(desc(loginAttempts.attemptedAt))
    .limit(limit);
  if (failures.length < limit) return null;
  // Once the limit-th newest failure leaves the window, fewer than `limit` remain.
  const oldest = new Date(failures[limit - 1]!.at);
  const until = new Date(oldest.getTime() + WINDOW_MS);
  return until > now ? until : null;
}

export async function pruneLoginAttempts(db: Executor, now = new Date()): Promise<void> {
  await db.delete(loginAttempts).where(lt(loginAttempts.attemptedAt, new Date(now.getTime() - ATTEMPT_RETENTION_MS)));
}

export async function markLoginSucceeded(db: Executor, attemptId: number): Promise<void> {
  await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId));
}

/** «حاول بعد 12 دقيقة» — never less than one minute. */
export function rateLimitMessage(retryAt: Date, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  const unit = minutes === 1 ? "دقيقة واحدة" : minutes === 2 ? "دقيقتين" : minutes <= 10 ? `${minutes} دقائق` : `${minutes} دقيقة`;
  return `محاولات كثيرة لتسجيل الدخول. حاول بعد ${unit}.`;
}
