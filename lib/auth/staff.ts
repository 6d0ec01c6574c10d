import "server-only";
import { eq, lt, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { revokedSessions, users, type UserRole } from "@/db/schema";

// The database half of the session check, kept free of Next.js so tests can call it directly.
export type StaffUser = { id: number; email: string; displayName: string; slug: string; role: UserRole };

export { roleAtLeast } from "@/lib/auth/permissions";

/**
 * A session lasts this long from sign-in, however often next-auth slides its cookie forward. The
 * absolute limit is what lets a logout's revoked_sessions row expire: no copy of the cookie can
 * outlive it.
 */
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;

/** What a session's JWT points at: the user, when it was issued, and its own id (for logout). */
export type SessionPointer = { userId: number; issuedAt: Date; sessionId: string };

/**
 * The user behind a session token, re-read on every request: null when the account is gone,
 * disabled, its sessions were revoked after the token was issued (password reset, disable), or
 * this very session was ended by logging out. A token without a session id predates logout
 * revocation and cannot be revoked, so it is refused too (sessions last 12 hours; one new login).
 */
export async function loadActiveStaffUser(db: Executor, session: SessionPointer, now = new Date()): Promise<StaffUser | null> {
  const { userId, issuedAt, sessionId } = session;
  if (!Number.isSafeInteger(userId) || userId <= 0 || Number.isNaN(issuedAt.getTime())) return null;
  if (typeof sessionId !== "string" || sessionId.length === 0 || sessionId.length > 64) return null;
  if (now.getTime() - issuedAt.getTime() > SESSION_MAX_AGE_MS) return null;
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      slug: users.slug,
      role: users.role,
      disabled: users.disabled,
      sessionsValidAfter: users.sessionsValidAfter,
      // One round trip: the primary-key probe rides along with the user's row.
      loggedOut: sql<boolean>`exists (select 1 from ${revokedSessions} where ${revokedSessions.sessionId} = ${sessionId})`,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!row || row.disabled || row.loggedOut) return null;
  // Timestamps in Postgres carry microseconds, tokens milliseconds: compare at millisecond precision.
  if (Math.floor(new Date(row.sessionsValidAfter).getTime()) > issuedAt.getTime()) return null;
  return { id: row.id, email: row.email, displayName: row.displayName, slug: row.slug, role: row.role };
}

/**
 * Ends one session on the server: its id is refused from now on, while the user's other devices
 * stay signed in. The row is only needed until the token would have expired by itself; expired
 * rows are pruned here, so the table stays the size of the recent logouts. `expiresAt` is the
 * session's sign-in time plus SESSION_MAX_AGE_MS.
 */
export async function revokeSession(db: Executor, session: { sessionId: string; userId: number; expiresAt: Date }, now = new Date()): Promise<void> {
  await db
    .insert(revokedSessions)
    .values({ sessionId: session.sessionId, userId: session.userId, expiresAt: session.expiresAt })
    .onConflictDoNothing();
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, now));
}
