// One normalisation for both sides of search: the indexer and the query builder
// must agree letter for letter, so neither may normalise on its own.

const MIN_STEM_LENGTH = 3;
export const MAX_QUERY_CHARS = 200;
const MAX_QUERY_GROUPS = 12;

// After NFKD, hamza and madda become combining marks (أ = ا + U+0654), so
// removing every mark folds them together with tashkeel and Latin accents.
const COMBINING_MARKS = /\p{M}/gu;
const TATWEEL = /\u0640/g;
// Invisible characters pasted from word processors would otherwise split words.
const INVISIBLE_FORMATTING = /[\u00AD\u061C\u180E\u200C-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669]/g;
const PERSIAN_DIGITS = /[\u06F0-\u06F9]/g;
const WHITESPACE_RUN = /\s+/gu;
const TOKEN = /[\p{L}\p{N}]+/gu;
const ARABIC_LETTERS_ONLY = /^\p{Script=Arabic}+$/u;
const NOT_LEXEME_CHAR = /[^\p{L}\p{N}]/gu;

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

// Prefix combinations, written after normalisation: an optional conjunction
// (و ف), an optional preposition (ب ك ل) and an optional article (ال);
// ل followed by ال is spelled لل.
const PREFIXES: readonly string[] = buildPrefixes();

function buildPrefixes(): string[] {
  const prefixes: string[] = [];
  for (const conjunction of ["", "و", "ف"]) {
    for (const preposition of ["", "ب", "ك", "ل"]) {
      for (const article of ["", "ال"]) {
        const joined = preposition === "ل" && article ? `${conjunction}لل` : conjunction + preposition + article;
        if (joined) prefixes.push(joined);
      }
    }
  }
  return prefixes.sort((a, b) => a.length - b.length);
}

// light10's suffixes in light10's order (ية and ة are already يه and ه).
// Stripping runs through the list once, so ـاتها can lose ها and then ات.
const SUFFIXES: readonly string[] = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

type PrefixReading = { form: string; strippedArticle: boolean };

// Matching prefixes of one word are nested (و ⊂ وب ⊂ وبال), so the readings
// come out as a chain from the whole word to the shortest remainder.
function prefixReadings(word: string): PrefixReading[] {
  const readings: PrefixReading[] = [{ form: word, strippedArticle: false }];
  for (const prefix of PREFIXES) {
    if (word.startsWith(prefix) && word.length - prefix.length >= MIN_STEM_LENGTH) {
      readings.push({ form: word.slice(prefix.length), strippedArticle: prefix.endsWith("ال") || prefix.endsWith("لل") });
    }
  }
  return readings;
}

function suffixStrippedForms(word: string): string[] {
  let forms = [word];
  for (const suffix of SUFFIXES) {
    const stripped = forms
      .filter((form) => form.endsWith(suffix) && form.length - suffix.length >= MIN_STEM_LENGTH)
      .map((form) => form.slice(0, -suffix.length));
    forms = forms.concat(stripped);
  }
  return forms;
}

/**
 * The normalised word and every plausible light stem of it.
 *
 * A leading ب, و, ك, ل or ف may be a prefix or the first letter of the root
 * (بوتين is not ب + وتين), so no single stem is trusted: every reading is kept,
 * and two spellings of one word match when their candidate sets intersect.
 * Given several words, returns the candidates of all of them.
 */
export function stemCandidates(word: string): string[] {
  return [...new Set(tokenize(word).flatMap(candidatesOfToken))];
}

function candidatesOfToken(token: string): string[] {
  if (!ARABIC_LETTERS_ONLY.test(token)) return [token];
  const readings = prefixReadings(token);
  // Once an article has been peeled off, the shorter readings are the stem;
  // stripping suffixes from the longer ones too (والاقتصاد) only adds noise.
  const hasArticle = readings.some((reading) => reading.strippedArticle);
  const candidates = new Set<string>();
  for (const { form, strippedArticle } of readings) {
    candidates.add(form);
    if (strippedArticle || !hasArticle) {
      for (const stem of suffixStrippedForms(form)) candidates.add(stem);
    }
  }
  return [...candidates];
}

/** Text for `to_tsvector('simple', …)`: every candidate of every word, in order. */
export function toSearchIndexText(text: string): string {
  return tokenize(text).flatMap(candidatesOfToken).join(" ");
}

/** One OR-group of candidates per query word; the groups are meant to be ANDed. */
export function toSearchQueryGroups(query: string): string[][] {
  const groups: string[][] = [];
  const seen = new Set<string>();
  for (const token of tokenize(cutQuery(query))) {
    if (token.length < 2 || seen.has(token)) continue;
    seen.add(token);
    groups.push(candidatesOfToken(token));
    if (groups.length === MAX_QUERY_GROUPS) break;
  }
  return groups;
}

/** Cuts an overlong query at MAX_QUERY_CHARS, on a word boundary. */
export function cutQuery(query: string): string {
  if (query.length <= MAX_QUERY_CHARS) return query;
  const cut = query.slice(0, MAX_QUERY_CHARS);
  // A word sliced in half would become a group that matches nothing.
  const lastSpace = cut.search(/\s\S*$/u);
  return /\s/u.test(query.charAt(MAX_QUERY_CHARS)) || lastSpace < 0 ? cut : cut.slice(0, lastSpace);
}

/**
 * A `to_tsquery('simple', …)` string such as `(a | b) & c`. Lexemes keep only
 * letters and digits, so nothing a user types can become tsquery syntax.
 */
export function toTsQuery(groups: string[][]): string {
  const clauses: string[] = [];
  for (const group of groups) {
    const lexemes = [...new Set(group.map((lexeme) => lexeme.replace(NOT_LEXEME_CHAR, "")).filter(Boolean))];
    if (lexemes.length === 0) continue;
    clauses.push(lexemes.length === 1 ? (lexemes[0] ?? "") : `(${lexemes.join(" | ")})`);
  }
  return clauses.join(" & ");
}

export type HighlightSegment = { text: string; match: boolean };

// Original words, with their tashkeel, tatweel and joiners still attached.
const SOURCE_WORD = /[\p{L}\p{N}\p{M}\u200C\u200D]+/gu;

function createWordMatcher(groups: string[][]): (word: string) => boolean {
  const wanted = new Set(groups.flat());
  const cache = new Map<string, boolean>();
  return (word) => {
    let isMatch = cache.get(word);
    if (isMatch === undefined) {
      isMatch = tokenize(word).some((token) => candidatesOfToken(token).some((candidate) => wanted.has(candidate)));
      cache.set(word, isMatch);
    }
    return isMatch;
  };
}

/** Splits `text` into segments, marking the words that match any query group. */
export function highlightTerms(text: string, groups: string[][]): HighlightSegment[] {
  const isMatch = createWordMatcher(groups);
  const segments: HighlightSegment[] = [];
  const push = (piece: string, match: boolean) => {
    if (!piece) return;
    const last = segments[segments.length - 1];
    if (last && last.match === match && !match) last.text += piece;
    else segments.push({ text: piece, match });
  };

  let cursor = 0;
  for (const found of text.matchAll(SOURCE_WORD)) {
    const start = found.index ?? 0;
    push(text.slice(cursor, start), false);
    push(found[0], isMatch(found[0]));
    cursor = start + found[0].length;
  }
  push(text.slice(cursor), false);
  return segments;
}

function findFirstMatchOffset(text: string, groups: string[][]): number {
  const isMatch = createWordMatcher(groups);
  for (const found of text.matchAll(SOURCE_WORD)) {
    if (isMatch(found[0])) return found.index ?? 0;
  }
  return -1;
}

/**
 * A window of about `maxLength` characters around the first match, cut at
 * spaces and marked with "…" where text was left out, split into segments.
 */
export function makeSnippet(text: string, groups: string[][], maxLength = 220): HighlightSegment[] {
  const flat = text.replace(WHITESPACE_RUN, " ").trim();
  if (flat.length <= maxLength) return highlightTerms(flat, groups);

  const firstMatch = findFirstMatchOffset(flat, groups);
  // Some words before the match give the reader context.
  const leadingContext = Math.floor(maxLength / 4);
  let start = firstMatch < 0 ? 0 : Math.max(0, Math.min(firstMatch - leadingContext, flat.length - maxLength));
  if (start > 0 && flat.charAt(start - 1) !== " ") {
    const nextSpace = flat.indexOf(" ", start);
    if (nextSpace >= 0 && (firstMatch < 0 || nextSpace < firstMatch)) start = nextSpace + 1;
  }

  let end = Math.min(flat.length, start + maxLength);
  if (end < flat.length && flat.charAt(end) !== " ") {
    const previousSpace = flat.lastIndexOf(" ", end);
    if (previousSpace > start) end = previousSpace;
  }

  const window = `${start > 0 ? "… " : ""}${flat.slice(start, end).trim()}${end < flat.length ? " …" : ""}`;
  return highlightTerms(window, groups);
}
