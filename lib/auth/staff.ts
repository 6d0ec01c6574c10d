import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { users, type UserRole } from "@/db/schema";

// The database half of the session check, kept free of Next.js so tests can call it directly.
export type StaffUser = { id: number; email: string; displayName: string; slug: string; role: UserRole };

const ROLE_RANK: Record<UserRole, number> = { writer: 1, editor: 2, admin: 3 };

/** writer < editor < admin */
export const roleAtLeast = (user: { role: UserRole }, role: UserRole): boolean => ROLE_RANK[user.role] >= ROLE_RANK[role];

/**
 * The user behind a session token, re-read on every request: null when the account is gone,
 * disabled, or its sessions were revoked after the token was issued (password reset, disable).
 */
export async function loadActiveStaffUser(db: Executor, userId: number, issuedAt: Date): Promise<StaffUser | null> {
  if (!Number.isSafeInteger(userId) || userId <= 0 || Number.isNaN(issuedAt.getTime())) return null;
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      slug: users.slug,
      role: users.role,
      disabled: users.disabled,
      sessionsValidAfter: users.sessionsValidAfter,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!row || row.disabled) return null;
  // Timestamps in Postgres carry microseconds, tokens milliseconds: compare at millisecond precision.
  if (Math.floor(new Date(row.sessionsValidAfter).getTime()) > issuedAt.getTime()) return null;
  return { id: row.id, email: row.email, displayName: row.displayName, slug: row.slug, role: row.role };
}
