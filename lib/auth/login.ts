import "server-only";
import type { Database } from "@/db/client";
import { dummyPasswordHash, verifyPassword } from "@/lib/users/password";
import { findUserByEmail } from "@/lib/users/queries";
import { markLoginSucceeded, normalizeLoginEmail, openLoginAttempt, rateLimitMessage } from "@/lib/auth/rate-limit";
import { passwordVerificationSlots, type VerificationSlots } from "@/lib/auth/verification-slots";

export const INVALID_CREDENTIALS_MESSAGE = "البريد الإلكتروني أو كلمة المرور غير صحيحة";
export const DISABLED_ACCOUNT_MESSAGE = "هذا الحساب معطّل. راجع مدير الموقع.";
const BUSY_RETRY_MS = 60_000;

export type LoginResult =
  | { ok: true; user: { id: number; email: string; displayName: string; role: string } }
  | { ok: false; reason: "invalid" | "disabled" | "rate_limited"; message: string };

export type LoginInput = {
  email: string;
  password: string;
  /** The client's address (lib/http/client-address.ts). */
  ip: string;
  /** The account a valid trusted-device cookie names (lib/auth/trusted-device.ts), if any. */
  trustedDeviceUserId?: number | null;
};

export type LoginDependencies = {
  sleep?: (ms: number) => Promise<void>;
  slots?: VerificationSlots;
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Password sign-in behind the database throttle (lib/auth/rate-limit.ts). Every attempt is recorded. */
export async function attemptLogin(
  db: Database,
  input: LoginInput,
  now = new Date(),
  { sleep = realSleep, slots = passwordVerificationSlots }: LoginDependencies = {},
): Promise<LoginResult> {
  const email = normalizeLoginEmail(input.email);
  const gate = await openLoginAttempt(db, email, input.ip, now);
  if (!gate.allowed) return { ok: false, reason: "rate_limited", message: rateLimitMessage(gate.retryAt, now) };

  const user = await findUserByEmail(db, email);
  const trustedDevice = user !== undefined && input.trustedDeviceUserId === user.id;
  if (gate.accountDelayMs > 0 && !trustedDevice) await sleep(gate.accountDelayMs);

  // Unknown emails still pay for one hash, so timing does not reveal who has an account.
  const hash = user?.passwordHash ?? (await dummyPasswordHash());
  const verified = await slots.run(() => verifyPassword(hash, input.password));
  if (verified.busy) {
    return { ok: false, reason: "rate_limited", message: rateLimitMessage(new Date(now.getTime() + BUSY_RETRY_MS), now) };
  }
  if (!user || !verified.value) return { ok: false, reason: "invalid", message: INVALID_CREDENTIALS_MESSAGE };
  if (user.disabled) return { ok: false, reason: "disabled", message: DISABLED_ACCOUNT_MESSAGE };
  await markLoginSucceeded(db, gate.attemptId);
  return { ok: true, user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role } };
}
