// Slugs are display text: readers see them in the address bar, so hamza and
// ta marbuta stay as written. Only vowel marks and tatweel, which vary between
// copies of the same title, are dropped.

const ARABIC_MARKS_AND_TATWEEL = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640]/g;
// Invisible characters pasted from word processors would otherwise split words.
const INVISIBLE_FORMATTING = /[\u00AD\u061C\u180E\u200C-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669]/g;
const PERSIAN_DIGITS = /[\u06F0-\u06F9]/g;
// Marks stay so that scripts which need them (and Latin after lower-casing İ)
// keep whole words; Arabic marks are already gone by then.
const SLUG_WORD = /[\p{L}\p{M}\p{N}]+/gu;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function slugify(title: string, maxLength = 80): string {
  const words =
    title
      .normalize("NFKC")
      .replace(ARABIC_MARKS_AND_TATWEEL, "")
      .replace(INVISIBLE_FORMATTING, "")
      .replace(ARABIC_INDIC_DIGITS, (digit) => String(digit.charCodeAt(0) - 0x0660))
      .replace(PERSIAN_DIGITS, (digit) => String(digit.charCodeAt(0) - 0x06f0))
      .toLowerCase()
      .match(SLUG_WORD) ?? [];
  return joinWithinLength(words.filter((word) => HAS_LETTER_OR_DIGIT.test(word)), Math.max(1, maxLength));
}

// Length is counted in code points: that is what a reader sees, and it never
// splits a surrogate pair.
function joinWithinLength(words: string[], maxLength: number): string {
  let slug = "";
  let slugLength = 0;
  for (const word of words) {
    const wordLength = Array.from(word).length;
    const nextLength = slug ? slugLength + 1 + wordLength : wordLength;
    if (nextLength > maxLength) break;
    slug = slug ? `${slug}-${word}` : word;
    slugLength = nextLength;
  }
  const firstWord = words[0];
  if (slug || firstWord === undefined) return slug;
  // A single word longer than the cap is cut rather than lost.
  return Array.from(firstWord).slice(0, maxLength).join("");
}

export function encodePathSegment(slug: string): string {
  return encodeURIComponent(slug);
}

/** Compares slugs whether they arrive percent-encoded or not, in NFC or NFD. */
export function isSameSlug(a: string, b: string): boolean {
  return decodeSafely(a).normalize("NFC") === decodeSafely(b).normalize("NFC");
}

function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape from a hand-typed URL is compared as typed.
    return segment;
  }
}
