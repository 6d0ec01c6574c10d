// One normalisation for both sides of search: the indexer and the query builder
// must agree letter for letter, so neither may normalise on its own. Letters live in
// lib/search/letters.ts, stems and their tables in lib/search/stem.ts.
import { normalizeArabic, searchTokens, tokenize } from "@/lib/search/letters";
import { candidatesOfToken } from "@/lib/search/stem";

export { normalizeArabic, searchTokens, tokenize };
export { candidatesOfToken, isFuzzyCandidate, lexiconForm, protectedReading } from "@/lib/search/stem";

export const MAX_QUERY_CHARS = 200;
const MAX_QUERY_GROUPS = 12;
const WHITESPACE_RUN = /\s+/gu;
const NOT_LEXEME_CHAR = /[^\p{L}\p{N}]/gu;
const DIGITS_ONLY = /^\d+$/;

/**
 * The normalised word and every plausible light stem of it (see candidatesOfToken).
 * Given several words, returns the candidates of all of them.
 */
export function stemCandidates(word: string): string[] {
  return [...new Set(searchTokens(word).flatMap(candidatesOfToken))];
}

/** Text for `to_tsvector('simple', …)`: every candidate of every word, in order. */
export function toSearchIndexText(text: string): string {
  return searchTokens(text).flatMap(candidatesOfToken).join(" ");
}

/** One OR-group of candidates per query word; the groups are meant to be ANDed. */
export function toSearchQueryGroups(query: string): string[][] {
  const groups: string[][] = [];
  const seen = new Set<string>();
  for (const token of searchTokens(cutQuery(query))) {
    // One letter is a stray clitic; one digit is a number (٥٫٨).
    if ((token.length < 2 && !DIGITS_ONLY.test(token)) || seen.has(token)) continue;
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
      isMatch = searchTokens(word).some((token) => candidatesOfToken(token).some((candidate) => wanted.has(candidate)));
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
