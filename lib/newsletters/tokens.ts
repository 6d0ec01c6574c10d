import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { getAuthSecret } from "@/lib/env";

// The links in newsletter e-mails: signed, so nobody can confirm, change or end someone else's
// subscription by guessing ids, and tied to the subscriber's tokenVersion, so an erasure (or a
// reset) voids every link sent before. A confirmation link expires; unsubscribe and preferences
// links do not (RFC 8058 asks that an unsubscribe link keep working), until the version moves.

export type NewsletterToken =
  | { purpose: "confirm"; subscriberId: number; version: number; expiresAt: Date }
  | { purpose: "unsubscribe"; subscriberId: number; version: number; listId: number }
  | { purpose: "preferences"; subscriberId: number; version: number };

const PREFIX = { confirm: "c", unsubscribe: "u", preferences: "p" } as const;
export const CONFIRMATION_TTL_HOURS = 48;

function sign(payload: string): string {
  return createHmac("sha256", getAuthSecret()).update(`newsletter:${payload}`).digest("base64url").slice(0, 27);
}

function payloadOf(token: NewsletterToken): string {
  switch (token.purpose) {
    case "confirm":
      return `${PREFIX.confirm}.${token.subscriberId}.${token.version}.${Math.floor(token.expiresAt.getTime() / 1000)}`;
    case "unsubscribe":
      return `${PREFIX.unsubscribe}.${token.subscriberId}.${token.version}.${token.listId}`;
    case "preferences":
      return `${PREFIX.preferences}.${token.subscriberId}.${token.version}`;
  }
}

export function encodeNewsletterToken(token: NewsletterToken): string {
  const payload = payloadOf(token);
  return `${payload}.${sign(payload)}`;
}

/** The token's claims if its signature holds (and, for a confirmation, it has not expired); else null. */
export function decodeNewsletterToken(raw: string | null | undefined, now = new Date()): NewsletterToken | null {
  if (!raw || raw.length > 200 || !/^[cup](\.\d{1,12}){2,3}\.[\w-]{27}$/.test(raw)) return null;
  const cut = raw.lastIndexOf(".");
  const payload = raw.slice(0, cut);
  const given = Buffer.from(raw.slice(cut + 1));
  const expected = Buffer.from(sign(payload));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [prefix, ...numbers] = payload.split(".");
  const [a, b, c] = numbers.map(Number) as [number, number, number | undefined];
  if (prefix === "c" && c !== undefined) {
    const expiresAt = new Date(c * 1000);
    return expiresAt.getTime() > now.getTime() ? { purpose: "confirm", subscriberId: a, version: b, expiresAt } : null;
  }
  if (prefix === "u" && c !== undefined) return { purpose: "unsubscribe", subscriberId: a, version: b, listId: c };
  if (prefix === "p" && c === undefined) return { purpose: "preferences", subscriberId: a, version: b };
  return null;
}
