import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { getAuthSecret, getEnv } from "@/lib/env";
import { attemptLogin } from "@/lib/auth/login";
import { clientIp } from "@/lib/auth/rate-limit";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/lib/db-errors";

// next-auth v4, Credentials + JWT sessions. The token carries only the user id and the time of
// sign-in; role, name and the disabled flag are re-read from the database on every request
// (lib/auth/session.ts), so disabling a user or resetting a password takes effect at once.

export type SessionClaims = { uid: number; issuedAt: number };

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
const SIGN_IN_FAILED_MESSAGE = "تعذّر تسجيل الدخول. حاول مجدداً.";

let cached: AuthOptions | undefined;

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
          const ip = clientIp((req.headers ?? {}) as Record<string, string | undefined>);
          // A thrown message reaches signIn({ redirect: false }) as `error`; the form shows it.
          // So only our own sentences are thrown: a driver's error would show hosts and SQL.
          const result = await attemptLogin(getDb(), { email, password, ip }).catch((error: unknown) => {
            console.error("sign-in failed", error);
            throw new Error(isDatabaseUnavailable(error) ? DATABASE_UNAVAILABLE_MESSAGE : SIGN_IN_FAILED_MESSAGE);
          });
          if (!result.ok) throw new Error(result.message);
          return { id: String(result.user.id), email: result.user.email, name: result.user.displayName };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.uid = Number(user.id);
          token.issuedAt = Date.now();
        }
        return token;
      },
      async session({ session, token }) {
        const claims: SessionClaims = { uid: Number(token.uid), issuedAt: Number(token.issuedAt) };
        return { ...session, ...claims };
      },
    },
  };
  return cached;
}
