import { decodeCursor } from "@/lib/articles/cards";

/** `?after=` of listing pages: a malformed cursor is not a page (404), not a cache entry. */
export function parseAfterParam(value: string | string[] | undefined): { cursor: string | null; valid: boolean } {
  if (value === undefined) return { cursor: null, valid: true };
  if (typeof value !== "string" || !decodeCursor(value)) return { cursor: null, valid: false };
  return { cursor: value, valid: true };
}

// Slugs are words joined by hyphens (lib/i18n/slug.ts). Text with spaces, slashes or control
// characters, or far too long, cannot name a tag or section and never reaches the data cache.
const PLAUSIBLE_SLUG = /^[^\s\p{C}/\\?#%]+$/u;
const MAX_SLUG_CHARS = 200;

/** Route params may arrive percent-encoded; a malformed escape is simply not a slug. */
export function decodeSlugParam(raw: string): string | null {
  let slug: string;
  try {
    slug = decodeURIComponent(raw).normalize("NFC");
  } catch {
    return null;
  }
  return slug.length <= MAX_SLUG_CHARS && PLAUSIBLE_SLUG.test(slug) ? slug : null;
}
