import { isRowId } from "@/db/ids";
import { decodeKeysetCursor } from "@/lib/pagination/cursor";

/** The id in /news/<id>/…: digits only (no sign, no leading zero) naming a possible row, else null. */
export function parseArticleIdParam(raw: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return isRowId(id) ? id : null;
}

/** A row id from a query parameter (?wire=12): one plain positive integer, else null. */
export function parseRowIdParam(value: string | string[] | undefined): number | null {
  return typeof value === "string" ? parseArticleIdParam(value) : null;
}

/**
 * A request path no page can have: a malformed percent-escape or bytes that are not UTF-8 (Next
 * itself would answer those with a 500), or a control character such as NUL once decoded.
 */
export function isUnreadablePath(pathname: string): boolean {
  try {
    return /[\u0000-\u001f\u007f]/.test(decodeURIComponent(pathname));
  } catch {
    return true;
  }
}

/** `?after=` of listing pages: a malformed cursor is not a page (404), not a cache entry. */
export function parseAfterParam(value: string | string[] | undefined): { cursor: string | null; valid: boolean } {
  if (value === undefined) return { cursor: null, valid: true };
  if (typeof value !== "string" || !decodeKeysetCursor(value)) return { cursor: null, valid: false };
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
