import { lexiconForm, searchTokens } from "@/lib/search/normalize";

// Two outlets rarely send the same story word for word: one writes «الرئيس الفرنسي يصل إلى بيروت»,
// the other «وصول الرئيس الفرنسي الى بيروت». Both are compared in the search library's reading of
// Arabic (hamza, ة/ه, ى/ي, diacritics, the article and clitics folded away: lexiconForm), as sets of
// words: the titles must share most of their words, or share enough of them while the leads share
// most of theirs. Function words are already dropped by searchTokens.

const MIN_WORD_LENGTH = 2;
export const SAME_TITLE = 0.6;
export const SIMILAR_TITLE = 0.35;
export const SAME_LEAD = 0.5;
const LEAD_WORDS = 40;

/** The words a text is compared by, normalised and space-joined (stored as wire_items.match_*). */
export function matchText(text: string, maxWords = LEAD_WORDS): string {
  const words = new Set<string>();
  for (const token of searchTokens(text)) {
    if (token.length < MIN_WORD_LENGTH) continue;
    words.add(lexiconForm(token));
    if (words.size >= maxWords) break;
  }
  return [...words].join(" ");
}

function overlap(a: string, b: string): number {
  if (!a || !b) return 0;
  const left = new Set(a.split(" "));
  const right = new Set(b.split(" "));
  let shared = 0;
  for (const word of left) if (right.has(word)) shared++;
  // Overlap over the smaller set: a short title contained in a longer one is the same story.
  return shared / Math.min(left.size, right.size);
}

export type Comparable = { matchTitle: string; matchLead: string };

/** Whether two wire copies tell the same story. */
export function isSameStory(a: Comparable, b: Comparable): boolean {
  const titles = overlap(a.matchTitle, b.matchTitle);
  const shortest = Math.min(a.matchTitle.split(" ").length, b.matchTitle.split(" ").length);
  // A two-word title («عاجل: زلزال») says too little alone.
  if (titles >= SAME_TITLE && shortest >= 3) return true;
  return titles >= SIMILAR_TITLE && overlap(a.matchLead, b.matchLead) >= SAME_LEAD;
}
