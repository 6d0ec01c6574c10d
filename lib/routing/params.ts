import { decodeCursor } from "@/lib/articles/cards";

/** `?after=` of listing pages: a malformed cursor is not a page (404), not a cache entry. */
export function parseAfterParam(value: string | string[] | undefined): { cursor: string | null; valid: boolean } {
  if (value === undefined) return { cursor: null, valid: true };
  if (typeof value !== "string" || !decodeCursor(value)) return { cursor: null, valid: false };
  return { cursor: value, valid: true };
}
