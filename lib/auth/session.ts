import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import type { UserRole } from "@/db/schema";
import { authOptions, type SessionClaims } from "@/lib/auth/options";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { loadActiveStaffUser, type StaffUser } from "@/lib/auth/staff";
import { rethrowAsDatabaseUnavailable } from "@/lib/db-errors";

export type { StaffUser };
export { safeCallbackPath };

/**
 * The signed-in staff member, or null. The JWT is only a pointer: the user is re-read from the
 * database (once per request, memoised with React `cache`), so a disabled account, a session
 * older than a password reset, or one ended by logging out is refused on its very next request.
 * When the database cannot be reached this throws DatabaseUnavailableError, never null: null would
 * send a signed-in editor to the login page, which could not sign them in either. Admin pages then
 * show app/admin/error.tsx, and server actions answer with the same Arabic message.
 */
export const getStaffUser = cache(async (): Promise<StaffUser | null> => {
  const session = (await getServerSession(authOptions())) as (Partial<SessionClaims> & object) | null;
  if (!session || typeof session.uid !== "number" || typeof session.issuedAt !== "number" || typeof session.sid !== "string") return null;
  const pointer = { userId: session.uid, issuedAt: new Date(session.issuedAt), sessionId: session.sid };
  return loadActiveStaffUser(getDb(), pointer).catch(rethrowAsDatabaseUnavailable);
});

/**
 * For admin pages, each passing its entry of pageAccess (lib/auth/permissions). No session:
 * redirect to the login page, coming back here afterwards. Wrong role: notFound() — the admin's
 * not-found page says «غير موجودة أو ليست لديك صلاحية».
 * (Next's forbidden() would need experimental.authInterrupts; a 404 also hides what exists.)
 */
export async function requireStaffPage(roles: readonly UserRole[]): Promise<StaffUser> {
  const user = await getStaffUser();
  if (!user) redirect(`/admin/login?callbackUrl=${encodeURIComponent(await currentAdminPath())}`);
  if (!roles.includes(user.role)) notFound();
  return user;
}

/** The path being rendered, from the proxy's x-admin-path header; /admin when unknown. */
async function currentAdminPath(): Promise<string> {
  const path = (await headers()).get("x-admin-path");
  return safeCallbackPath(path);
}
