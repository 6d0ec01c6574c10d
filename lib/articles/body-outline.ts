import type { ArticleBody } from "@/lib/articles/body-schema";

/*
 * Where a body's headings sit in the page outline. The page's h1 is the
 * headline and the body lives under it, so the editor's levels are relative:
 * the highest level an author used becomes h2, each deeper level one more,
 * with no gaps (a body of only level-3 headings reads h2; levels 2 and 4 read
 * h2, h3). A heading is also never more than one level below the heading
 * before it, the h1 included: a level-3 heading that opens the body, before
 * any level 2, is its first section and renders h2. Validators (the Nu Html
 * Checker) and screen-reader outlines then see no skipped level. The article
 * page and the RSS content:encoded both take their levels from here.
 */

export type BodyHeadingTag = "h2" | "h3" | "h4" | "h5" | "h6";

const PAGE_HEADLINE_RANK = 1;
const DEEPEST_RANK = 6;
/** What an unvalidated heading without a usable level was always rendered as. */
const FALLBACK_LEVEL = 2;

function authoredLevel(node: unknown): number {
  const level = (node as { attrs?: { level?: unknown } }).attrs?.level;
  return typeof level === "number" && Number.isInteger(level) && level >= 1 && level <= 6 ? level : FALLBACK_LEVEL;
}

function isHeading(node: unknown): boolean {
  return typeof node === "object" && node !== null && (node as { type?: unknown }).type === "heading";
}

/**
 * The element each heading of the body renders as, keyed by its index in
 * `body.content` (the schema allows headings only at the top level).
 */
export function bodyHeadingTags(body: ArticleBody): ReadonlyMap<number, BodyHeadingTag> {
  const tags = new Map<number, BodyHeadingTag>();
  const blocks: readonly unknown[] = Array.isArray(body.content) ? body.content : [];
  const headingIndexes = blocks.flatMap((node, index) => (isHeading(node) ? [index] : []));
  const levelsUsed = [...new Set(headingIndexes.map((index) => authoredLevel(blocks[index])))].sort((a, b) => a - b);
  const rankOfLevel = new Map(levelsUsed.map((level, position) => [level, PAGE_HEADLINE_RANK + 1 + position]));

  let previousRank = PAGE_HEADLINE_RANK;
  for (const index of headingIndexes) {
    const rank = Math.min(rankOfLevel.get(authoredLevel(blocks[index]))!, previousRank + 1, DEEPEST_RANK);
    tags.set(index, `h${rank}` as BodyHeadingTag);
    previousRank = rank;
  }
  return tags;
}
