import { commonCategories, hardCategories, trapCategories, type EvalCategory, type EvalQuery } from "./queries";

export type Scores = { queries: number; recall: number; precision: number; mrr: number; answered: number };

/** Ranked story ids a system returned for one query. */
export type Run = Map<EvalQuery, string[]>;

/**
 * Macro averages over queries. Precision is averaged over the queries that returned something
 * (an empty answer has no wrong results, and no right ones: recall already counts it).
 */
export function score(queries: EvalQuery[], run: Run): Scores {
  let recall = 0;
  let precision = 0;
  let mrr = 0;
  let answered = 0;
  for (const query of queries) {
    const returned = run.get(query) ?? [];
    const relevant = new Set(query.relevant);
    const found = returned.filter((id) => relevant.has(id)).length;
    recall += relevant.size ? found / relevant.size : 1;
    if (returned.length) {
      answered += 1;
      precision += found / returned.length;
    }
    const firstRelevant = returned.findIndex((id) => relevant.has(id));
    mrr += firstRelevant < 0 ? 0 : 1 / (firstRelevant + 1);
  }
  const n = queries.length || 1;
  return { queries: queries.length, recall: recall / n, precision: answered ? precision / answered : 1, mrr: mrr / n, answered };
}

export const scoreGroups: { name: string; categories: readonly EvalCategory[] }[] = [
  ...[...commonCategories, ...hardCategories, ...trapCategories].map((category) => ({ name: category, categories: [category] })),
  { name: "COMMON FORMS", categories: commonCategories },
  { name: "HARD (plurals, aliases, synonyms)", categories: hardCategories },
  { name: "HARD without synonyms", categories: ["broken plurals", "aliases"] },
  { name: "PRECISION TRAPS", categories: trapCategories },
];

export function scoresByGroup(queries: EvalQuery[], run: Run): { name: string; scores: Scores }[] {
  return scoreGroups.map(({ name, categories }) => ({
    name,
    scores: score(queries.filter((query) => categories.includes(query.category)), run),
  }));
}
