// Letter-level normalisation shared by indexing, querying, tag identity and the lexicon.

// After NFKD, hamza and madda become combining marks (أ = ا + U+0654), so
// removing every mark folds them together with tashkeel and Latin accents.
const COMBINING_MARKS = /\p{M}/gu;
const TATWEEL = /\u0640/g;
// Invisible characters pasted from word processors would otherwise split words.
const INVISIBLE_FORMATTING = /[\u00AD\u061C\u180E\u200C-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669]/g;
const PERSIAN_DIGITS = /[\u06F0-\u06F9]/g;
const WHITESPACE_RUN = /\s+/gu;
// Letters and digits are separate tokens: و25 is و + 25, so the number is found on its own.
const TOKEN = /\p{L}+|\p{N}+/gu;
// The hamza seat before و varies by country (مسئول in Egypt, مسؤول elsewhere); one spelling wins.
const HAMZA_ON_YEH_BEFORE_WAW = /\u0626(?=[\u0648\u0624])/g;

const LETTER_FOLDS: Readonly<Record<string, string>> = {
  "أ": "ا",
  "إ": "ا",
  "آ": "ا",
  "ٱ": "ا",
  "ى": "ي",
  "ة": "ه",
  "ؤ": "و",
  "ئ": "ي",
  // Persian keyboards produce look-alike letters in Arabic text.
  "ی": "ي",
  "ک": "ك",
  "ھ": "ه",
  "ە": "ه",
  "ۃ": "ه",
};
const FOLDABLE_LETTER = new RegExp(`[${Object.keys(LETTER_FOLDS).join("")}]`, "g");

export function normalizeArabic(text: string): string {
  return text
    .replace(HAMZA_ON_YEH_BEFORE_WAW, "ؤ")
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .replace(TATWEEL, "")
    .replace(INVISIBLE_FORMATTING, "")
    .replace(FOLDABLE_LETTER, (letter) => LETTER_FOLDS[letter] ?? letter)
    .replace(ARABIC_INDIC_DIGITS, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(PERSIAN_DIGITS, (digit) => String(digit.charCodeAt(0) - 0x06f0))
    .toLowerCase()
    .normalize("NFC")
    .replace(WHITESPACE_RUN, " ")
    .trim();
}

export function tokenize(text: string): string[] {
  return normalizeArabic(text).match(TOKEN) ?? [];
}

// Prepositions spelled with alef maqsura. Folding ى to ي makes على the name علي and إلى the
// stem of آلية, so they are recognised before folding and never indexed or searched.
const FUNCTION_WORDS = new Set(["على", "الى", "حتى", "لدى", "سوى", "متى"]);
const UNFOLDED_WORD = /[\p{L}\p{N}\p{M}\u0640\u200C\u200D]+/gu;

function isFunctionWord(word: string): boolean {
  return FUNCTION_WORDS.has(word.normalize("NFKD").replace(COMBINING_MARKS, "").replace(TATWEEL, ""));
}

/**
 * The words of a text as searchTokens reads them, not yet normalised: searchTokens(text) is the
 * searchTokens of each in turn, so a bulk indexer can cache its work per word.
 */
export function unnormalizedWords(text: string): string[] {
  return text.match(UNFOLDED_WORD) ?? [];
}

/** The normalised tokens that search indexes and queries: tokenize without the function words. */
export function searchTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const [word] of text.matchAll(UNFOLDED_WORD)) {
    if (!isFunctionWord(word)) tokens.push(...tokenize(word));
  }
  return tokens;
}
