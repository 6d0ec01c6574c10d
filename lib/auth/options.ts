import "server-only";
import { randomBytes } from "node:crypto";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { getAuthSecret, getEnv } from "@/lib/env";
import { attemptLogin } from "@/lib/auth/login";
import { revokeSession, SESSION_MAX_AGE_MS } from "@/lib/auth/staff";
import {
  readCookie,
  signTrustedDevice,
  TRUSTED_DEVICE_COOKIE,
  TRUSTED_DEVICE_COOKIE_PATH,
  TRUSTED_DEVICE_MAX_AGE_SECONDS,
  verifyTrustedDevice,
} from "@/lib/auth/trusted-device";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/lib/db-errors";
import { requestClientAddress } from "@/lib/http/request-client";

// next-auth v4, Credentials + JWT sessions. The token carries only the user id, the time of
// sign-in and a random session id; role, name and the disabled flag are re-read from the database
// on every request (lib/auth/session.ts), so disabling a user or resetting a password takes effect
// at once. Logging out lists the session id in revoked_sessions, so a copy of the cookie taken
// before the logout is refused afterwards, while the user's other devices stay signed in.

export type SessionClaims = { uid: number; issuedAt: number; sid: string };

const SESSION_MAX_AGE_SECONDS = SESSION_MAX_AGE_MS / 1000;
const SIGN_IN_FAILED_MESSAGE = "تعذّر تسجيل الدخول. حاول مجدداً.";

let cached: AuthOptions | undefined;

/** After a good password: this device may skip the account's login delay next time. */
async function rememberTrustedDevice(userId: number): Promise<void> {
  // authorize() runs inside the /api/auth route handler, where cookies() may set cookies.
  (await cookies()).set(TRUSTED_DEVICE_COOKIE, signTrustedDevice(userId, getAuthSecret()), {
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().siteUrl.startsWith("https://"),
    path: TRUSTED_DEVICE_COOKIE_PATH,
    maxAge: TRUSTED_DEVICE_MAX_AGE_SECONDS,
  });
}

/** Built on first use, so `next build` never reads or generates the secret. */
export function authOptions(): AuthOptions {
  if (cached) return cached;
  // next-auth derives its callback URLs and cookie names from NEXTAUTH_URL; `npm start` sets it,
  // other launchers (the e2e server, `next start` by hand) fall back to SITE_URL.
  process.env.NEXTAUTH_URL ??= getEnv().siteUrl;
  cached = {
    secret: getAuthSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/admin/login", error: "/admin/login" },
    providers: [
      CredentialsProvider({
        name: "credentials",
        credentials: { email: { label: "email", type: "email" }, password: { label: "password", type: "password" } },
        async authorize(credentials, req) {
          const email = typeof credentials?.email === "string" ? credentials.email : "";
          const password = typeof credentials?.password === "string" ? credentials.password : "";
          const headers = (req.headers ?? {}) as Record<string, string | undefined>;
          const ip = requestClientAddress(headers);
          const trustedDeviceUserId = verifyTrustedDevice(readCookie(headers.cookie, TRUSTED_DEVICE_COOKIE), getAuthSecret());
          // A thrown message reaches signIn({ redirect: false }) as `error`; the form shows it.
          // So only our own sentences are thrown: a driver's error would show hosts and SQL.
          const result = await attemptLogin(getDb(), { email, password, ip, trustedDeviceUserId }).catch((error: unknown) => {
            console.error("sign-in failed", error);
            throw new Error(isDatabaseUnavailable(error) ? DATABASE_UNAVAILABLE_MESSAGE : SIGN_IN_FAILED_MESSAGE);
          });
          if (!result.ok) throw new Error(result.message);
          await rememberTrustedDevice(result.user.id);
          return { id: String(result.user.id), email: result.user.email, name: result.user.displayName };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.uid = Number(user.id);
          token.issuedAt = Date.now();
          token.sid = randomBytes(18).toString("base64url");
        }
        return token;
      },
      async session({ session, token }) {
        const claims: SessionClaims = { uid: Number(token.uid), issuedAt: Number(token.issuedAt), sid: String(token.sid ?? "") };
        return { ...session, ...claims };
      },
    },
    events: {
      // next-auth calls this on POST /api/auth/signout with the decoded token, before it clears
      // the cookie. A failure is logged: the cookie is cleared on this device either way.
      async signOut({ token }) {
        const sessionId = typeof token?.sid === "string" ? token.sid : "";
        const userId = Number(token?.uid);
        if (!sessionId || !Number.isSafeInteger(userId)) return;
        // Until the session's absolute end (loadActiveStaffUser refuses it after that anyway).
        const expiresAt = new Date((Number(token.issuedAt) || Date.now()) + SESSION_MAX_AGE_MS);
        await revokeSession(getDb(), { sessionId, userId, expiresAt }).catch((error: unknown) => {
          console.error("logout: could not revoke the session", error);
        });
      },
    },
  };
  return cached;
}
