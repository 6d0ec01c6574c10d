// Light stemming in the manner of light10 (Larkey et al.), with the tables light10 lacks: names
// and places that are never stemmed, spellings of one name, and broken plurals. One function,
// candidatesOfToken, serves indexing and querying alike.
import { brokenPlurals } from "@/lib/search/data/broken-plurals";
import { protectedNames, protectedPlaces } from "@/lib/search/data/protected-words";
import { wordVariants } from "@/lib/search/data/word-variants";
import { normalizeArabic } from "@/lib/search/letters";

export const MIN_STEM_LENGTH = 3;
const ARABIC_LETTERS_ONLY = /^\p{Script=Arabic}+$/u;

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

// light10's suffixes in light10's order (ية and ة are already يه and ه), after the attached
// pronouns (هم كم نا) and the accusative alef (ـاً, whose tanween normalisation removed), which sit
// outside them. Stripping runs through the list once, so ـاتهم can lose هم and then ات.
// ه is a pronoun before ات (صفقاته) as well as ة at the end (صفقة), so it is tried in both places.
const SUFFIXES: readonly string[] = ["ا", "هما", "كما", "هم", "كم", "نا", "ها", "ه", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];
// Before an attached pronoun ة is written ت (حكومته): the stem gets its ة back.
const PRONOUN_SUFFIXES = new Set(["هما", "كما", "هم", "كم", "نا", "ها", "ه"]);

const words = (list: string) => list.split(/\s+/u).filter(Boolean);
/** Normalised, and without the article: the prefix readings try the bare form anyway. */
const bare = (word: string) => {
  const normalized = normalizeArabic(word);
  return normalized.startsWith("ال") && normalized.length - 2 >= MIN_STEM_LENGTH ? normalized.slice(2) : normalized;
};

const VARIANT_CANON = new Map<string, string>();
for (const line of wordVariants.split("\n")) {
  const [canonical, ...others] = words(line).map(bare);
  if (!canonical) continue;
  for (const other of others) VARIANT_CANON.set(other, canonical);
}
const canonical = (form: string) => VARIANT_CANON.get(form) ?? form;

const PLACES = new Set(words(protectedPlaces).map(bare).map(canonical));
const PROTECTED = new Set([...words(protectedNames).map(bare).map(canonical), ...PLACES]);
for (const [variant, canon] of VARIANT_CANON) if (PROTECTED.has(canon)) PROTECTED.add(variant);

// The nisba adjective of each place: لبنان → لبناني, سوريا → سوري, أمريكا → أمريكي.
const PLACE_BY_ADJECTIVE = new Map<string, string>();
for (const place of PLACES) {
  const adjective = place.endsWith("يا") ? place.slice(0, -1) : place.endsWith("ا") ? `${place.slice(0, -1)}ي` : `${place}ي`;
  PLACE_BY_ADJECTIVE.set(adjective, place);
}

const SINGULAR_BY_PLURAL = new Map<string, string>();
for (const pair of words(brokenPlurals)) {
  const [plural, singular] = pair.split(":").map((word) => normalizeArabic(word));
  if (plural && singular && plural !== singular) SINGULAR_BY_PLURAL.set(plural, singular);
}

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
    if (PRONOUN_SUFFIXES.has(suffix)) {
      for (const form of [...stripped]) if (form.endsWith("ت") && !form.endsWith("ات")) stripped.push(`${form.slice(0, -1)}ه`);
    }
    forms = forms.concat(stripped);
  }
  return forms;
}

/** The light stems of one unprotected form, with broken plurals and synonyms widened. */
function stemsOf(form: string): string[] {
  const stems = new Set<string>();
  const [whole, ...stripped] = suffixStrippedForms(form);
  for (const stem of [whole!, ...stripped]) {
    const place = PLACE_BY_ADJECTIVE.get(stem);
    if (place) stems.add(place);
    // A suffix strip never lands on a name: المالية is not مالي, الرياضة is not الرياض.
    if (stem !== whole && PROTECTED.has(stem)) continue;
    stems.add(stem);
    const synonym = VARIANT_CANON.get(stem);
    if (synonym) stems.add(synonym);
    const singular = SINGULAR_BY_PLURAL.get(stem);
    if (!singular) continue;
    for (const singularStem of suffixStrippedForms(singular)) {
      if (PROTECTED.has(singularStem) && singularStem !== singular) continue;
      stems.add(singularStem);
      const singularSynonym = VARIANT_CANON.get(singularStem);
      if (singularSynonym) stems.add(singularSynonym);
    }
  }
  return [...stems];
}

/** The name a word is, once its clitics are off (وبوتين → بوتين, ترمب → ترامب), if it is one. */
export function protectedReading(token: string): string | undefined {
  if (!ARABIC_LETTERS_ONLY.test(token)) return undefined;
  const reading = prefixReadings(token).find(({ form }) => PROTECTED.has(form));
  return reading ? canonical(reading.form) : undefined;
}

/**
 * The normalised token and every plausible light stem of it.
 *
 * A leading ب, و, ك, ل or ف may be a prefix or the first letter of the root
 * (بوتين is not ب + وتين), so no single stem is trusted: every reading is kept,
 * and two spellings of one word match when their candidate sets intersect.
 * A protected name or place is only itself.
 */
export function candidatesOfToken(token: string): string[] {
  if (!ARABIC_LETTERS_ONLY.test(token)) return [token];
  const name = protectedReading(token);
  if (name) return [name];
  const readings = prefixReadings(token);
  // Once an article has been peeled off, the shorter readings are the stem;
  // stripping suffixes from the longer ones too (والاقتصاد) only adds noise.
  const hasArticle = readings.some((reading) => reading.strippedArticle);
  const candidates = new Set<string>();
  for (const { form, strippedArticle } of readings) {
    candidates.add(form);
    if (strippedArticle || !hasArticle) for (const stem of stemsOf(form)) candidates.add(stem);
  }
  return [...candidates];
}

/**
 * The one form of a word the near-spelling lexicon keeps and compares: the name it is, else the
 * word without its article and the clitics before it, else the word. Suffixes stay: a name's
 * last letters are part of the name.
 */
export function lexiconForm(token: string): string {
  const name = protectedReading(token);
  if (name) return name;
  if (!ARABIC_LETTERS_ONLY.test(token)) return token;
  return prefixReadings(token).find((reading) => reading.strippedArticle)?.form ?? token;
}

/** Whether near-spellings may widen this word: not a known name, not a number. */
export const isFuzzyCandidate = (token: string) => ARABIC_LETTERS_ONLY.test(token) && !protectedReading(token);
