import "server-only";
import { and, desc, eq, gt, lt, max, ne } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { loginAttempts } from "@/db/schema";

// Login throttling kept in the database, so it holds across restarts and across instances.
// Per account and per IP: after MAX_FAILURES failures inside WINDOW_MS the next attempt is refused,
// even with the right password. A refused attempt is itself recorded as a failure, so hammering
// keeps the door shut; someone who waits the announced time gets in.
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;
const EMAIL_MAX = 320;
// Attempts are kept for a while as an audit trail, then pruned now and then by the login itself.
export const ATTEMPT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const PRUNE_PROBABILITY = 0.01;

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The client's address: the first hop of X-Forwarded-For, else X-Real-IP, else "unknown".
 * This trusts the proxy in front of the app to set these headers (and to overwrite what a
 * client sends); without such a proxy the per-account limit still applies.
 */
export function clientIp(headers: HeaderSource): string {
  const forwarded = header(headers, "x-forwarded-for")?.split(",")[0]?.trim();
  const real = header(headers, "x-real-ip")?.trim();
  const ip = forwarded || real || "unknown";
  return ip.slice(0, 64);
}

export function normalizeLoginEmail(email: string): string {
  return email.trim().toLowerCase().slice(0, EMAIL_MAX);
}

export type LoginGate = { allowed: true; attemptId: number } | { allowed: false; attemptId: number; retryAt: Date };

/**
 * Records the attempt first (as a failure, until the password proves otherwise) and then counts:
 * concurrent attempts each see the others' rows, so a burst cannot slip past the limit.
 */
export async function openLoginAttempt(db: Executor, rawEmail: string, ip: string, now = new Date()): Promise<LoginGate> {
  const email = normalizeLoginEmail(rawEmail);
  const [attempt] = await db
    .insert(loginAttempts)
    .values({ email, ip, succeeded: false, attemptedAt: now })
    .returning({ id: loginAttempts.id });
  const attemptId = attempt!.id;
  if (Math.random() < PRUNE_PROBABILITY) await pruneLoginAttempts(db, now);
  const windowStart = new Date(now.getTime() - WINDOW_MS);

  // A successful login clears the account's earlier failures; an IP's failures are never cleared early.
  const [lastSuccess] = await db
    .select({ at: max(loginAttempts.attemptedAt) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.succeeded, true)));
  const accountSince = lastSuccess?.at && new Date(lastSuccess.at) > windowStart ? new Date(lastSuccess.at) : windowStart;

  const retryTimes = [
    await blockedUntil(db, eq(loginAttempts.email, email), accountSince, attemptId, now),
    await blockedUntil(db, eq(loginAttempts.ip, ip), windowStart, attemptId, now),
  ].filter((time): time is Date => time !== null);
  if (retryTimes.length === 0) return { allowed: true, attemptId };
  const retryAt = new Date(Math.max(...retryTimes.map((time) => time.getTime())));
  return { allowed: false, attemptId, retryAt };
}

async function blockedUntil(
  db: Executor,
  key: ReturnType<typeof eq>,
  since: Date,
  ownAttemptId: number,
  now: Date,
): Promise<Date | null> {
  const failures = await db
    .select({ at: loginAttempts.attemptedAt })
    .from(loginAttempts)
    .where(
      and(
        key,
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.attemptedAt, since),
        ne(loginAttempts.id, ownAttemptId),
      ),
    )
    .orderBy(desc(loginAttempts.attemptedAt))
    .limit(MAX_FAILURES);
  if (failures.length < MAX_FAILURES) return null;
  // Once the MAX_FAILURES-th newest failure leaves the window, fewer than MAX_FAILURES remain.
  const oldest = new Date(failures[MAX_FAILURES - 1]!.at);
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
