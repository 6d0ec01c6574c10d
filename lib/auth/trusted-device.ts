import { createHmac, timingSafeEqual } from "node:crypto";

// A device that has signed in to an account before carries a cookie naming that account, signed
// with AUTH_SECRET: `<user id>.<expiry ms>.<HMAC-SHA256>`. It lets the device past the account's
// progressive login delay (lib/auth/rate-limit.ts), so a guesser hammering the account from
// elsewhere does not slow its owner down. It grants nothing else: the password is still checked,
// and the per-client limits still apply.
export const TRUSTED_DEVICE_COOKIE = "nr_trusted_device";
export const TRUSTED_DEVICE_MAX_AGE_SECONDS = 90 * 24 * 60 * 60;
// Only the sign-in request needs it.
export const TRUSTED_DEVICE_COOKIE_PATH = "/api/auth";

function signature(secret: string, payload: string): Buffer {
  return createHmac("sha256", secret).update(`trusted-device:${payload}`).digest();
}

export function signTrustedDevice(userId: number, secret: string, now = new Date()): string {
  const payload = `${userId}.${now.getTime() + TRUSTED_DEVICE_MAX_AGE_SECONDS * 1000}`;
  return `${payload}.${signature(secret, payload).toString("base64url")}`;
}

/** The account id the cookie vouches for, or null when it is missing, forged or expired. */
export function verifyTrustedDevice(value: string | undefined, secret: string, now = new Date()): number | null {
  const match = /^(\d{1,12})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value ?? "");
  if (!match) return null;
  const [, userId, expiresAt, mac] = match;
  const expected = signature(secret, `${userId}.${expiresAt}`);
  const given = Buffer.from(mac!, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (Number(expiresAt) <= now.getTime()) return null;
  return Number(userId);
}

/** One cookie's value from a Cookie header. */
export function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
