import { createHmac } from "node:crypto";

// A reader who reloads a story, or comes back to it within the window, is counted once. Telling
// "the same reader" apart needs some key, and we keep no cookie and store nothing about the reader:
// the key is an HMAC of (client address, User-Agent, story) under a salt derived from AUTH_SECRET
// and the UTC day, so it names no one, cannot be reversed by trying every address without the
// secret, and changes every day. It lives only in memory or in Redis, and only until the window
// ends (Redis expires it; the in-memory window forgets it); it is never written to Postgres.
// (A repeat view that spans midnight UTC counts twice: the salt has changed.)

export const REPEAT_WINDOW_MS = 30 * 60_000;

export type ViewerFacts = { clientAddress: string; userAgent: string; storyId: number; now: Date };

const saltByDay = new Map<string, Buffer>();

function daySalt(secret: string, day: string): Buffer {
  let salt = saltByDay.get(day);
  if (!salt) {
    salt = createHmac("sha256", secret).update(`views:repeat-window:${day}`).digest();
    saltByDay.clear(); // only today's is needed
    saltByDay.set(day, salt);
  }
  return salt;
}

/** The short-lived key of one reader's view of one story: 128 bits, base64url. */
export function repeatViewKey(secret: string, { clientAddress, userAgent, storyId, now }: ViewerFacts): string {
  const salt = daySalt(secret, now.toISOString().slice(0, 10));
  return createHmac("sha256", salt).update(`${clientAddress}\n${userAgent}\n${storyId}`).digest("base64url").slice(0, 22);
}

/**
 * The window in one process's memory (without Redis). Bounded: past `maxKeys` the oldest key is
 * forgotten early, which at worst counts one repeat view; memory never grows with traffic.
 */
export class RepeatWindow {
  // key → when it expires. Every key lives the same windowMs, so insertion order is expiry order.
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly windowMs = REPEAT_WINDOW_MS,
    private readonly maxKeys = 100_000,
  ) {}

  /** True for the first view under `key` in the window (and starts the window); false for a repeat. */
  firstView(key: string, nowMs: number): boolean {
    this.forgetExpired(nowMs);
    const expires = this.expiries.get(key);
    if (expires !== undefined && expires > nowMs) return false;
    this.expiries.delete(key);
    if (this.expiries.size >= this.maxKeys) {
      const oldest = this.expiries.keys().next();
      if (!oldest.done) this.expiries.delete(oldest.value);
    }
    this.expiries.set(key, nowMs + this.windowMs);
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }

  private forgetExpired(nowMs: number): void {
    for (const [key, expires] of this.expiries) {
      if (expires > nowMs) break;
      this.expiries.delete(key);
    }
  }
}
