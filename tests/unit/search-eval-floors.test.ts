import { describe, expect, it } from "vitest";
import { toSearchIndexText, toSearchQueryGroups } from "@/lib/search/normalize";
import { commonCategories, evalQueries, hardCategories, trapCategories, type EvalCategory } from "@/tests/search-eval/queries";
import { score, type Run } from "@/tests/search-eval/score";
import { evalStories } from "@/tests/search-eval/stories";

// Issue 12's floors, asserted through the pure matching functions on the evaluation set
// (tests/search-eval), with no database: a story matches when every query group shares a lexeme
// with the story's indexed text, as `search_vector @@ to_tsquery(…)` does. Trigram near-spellings
// (SQL) are left out, so this is the exact-match floor; `npm run eval:search` measures the rest.

const lexemesByStory = new Map(
  evalStories.map((story) => [
    story.id,
    new Set(toSearchIndexText([story.title, story.tags.join(" "), story.dek, story.body].join("\n")).split(" ")),
  ]),
);

function matchingStories(query: string): string[] {
  const groups = toSearchQueryGroups(query);
  if (!groups.length) return [];
  return evalStories
    .filter((story) => groups.every((group) => group.some((lexeme) => lexemesByStory.get(story.id)!.has(lexeme))))
    .map((story) => story.id);
}

const run: Run = new Map(evalQueries.map((query) => [query, matchingStories(query.query)]));
const scoreOf = (categories: readonly EvalCategory[]) =>
  score(evalQueries.filter((query) => categories.includes(query.category)), run);

describe("search quality floors (issue 12)", () => {
  it("common forms: recall ≥ 0.97 and precision ≥ 0.95", () => {
    const common = scoreOf(commonCategories);
    expect(common.queries).toBeGreaterThanOrEqual(100);
    expect(common.recall).toBeGreaterThanOrEqual(0.97);
    expect(common.precision).toBeGreaterThanOrEqual(0.95);
  });

  it("hard queries (broken plurals, aliases): recall ≥ 0.75", () => {
    const hard = scoreOf(hardCategories.filter((category) => category !== "synonyms"));
    expect(hard.queries).toBeGreaterThanOrEqual(30);
    expect(hard.recall).toBeGreaterThanOrEqual(0.75);
  });

  it("precision traps: precision ≥ 0.95", () => {
    const traps = scoreOf(trapCategories);
    expect(traps.queries).toBeGreaterThanOrEqual(15);
    expect(traps.precision).toBeGreaterThanOrEqual(0.95);
  });
});
