import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { markLoginSucceeded, normalizeLoginEmail, openLoginAttempt, rateLimitMessage } from "@/lib/auth/rate-limit";

export const INVALID_CREDENTIALS_MESSAGE = "البريد الإلكتروني أو كلمة المرور غير صحيحة";
export const DISABLED_ACCOUNT_MESSAGE = "هذا الحساب معطّل. راجع مدير الموقع.";

export type LoginResult =
  | { ok: true; user: { id: number; email: string; displayName: string; role: string } }
  | { ok: false; reason: "invalid" | "disabled" | "rate_limited"; message: string };

/** Password sign-in behind the database rate limit. Every attempt is recorded. */
export async function attemptLogin(
  db: Database,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<LoginResult> {
  const email = normalizeLoginEmail(input.email);
  const gate = await openLoginAttempt(db, email, input.ip, now);
  if (!gate.allowed) return { ok: false, reason: "rate_limited", message: rateLimitMessage(gate.retryAt, now) };

  const [user] = await db.select().from(users).where(eq(users.email, email));
  // Unknown emails still pay for one hash, so timing does not reveal who has an account.
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !valid) return { ok: false, reason: "invalid", message: INVALID_CREDENTIALS_MESSAGE };
  if (user.disabled) return { ok: false, reason: "disabled", message: DISABLED_ACCOUNT_MESSAGE };
  await markLoginSucceeded(db, gate.attemptId);
  return { ok: true, user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role } };
}
