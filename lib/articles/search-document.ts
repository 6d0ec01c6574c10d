import { sql, type SQL } from "drizzle-orm";
import type { ArticleBody } from "@/lib/articles/body-schema";
import { bodyToPlainText } from "@/lib/articles/body-text";
import { lexiconForm, normalizeArabic, searchTokens, toSearchIndexText } from "@/lib/search/normalize";

type SearchableArticle = { title: string; dek: string; body: ArticleBody; tagNames: string[] };

/**
 * The weighted search document: title (A) ranks above tags (B), dek (C) and body (D).
 * The text is pre-processed by our own Arabic normalisation and stemming, so Postgres only
 * splits words ('simple' config): indexing and querying share one function.
 */
export function searchVectorSql(article: SearchableArticle): SQL {
  const weighted = [
    [article.title, "A"],
    [article.tagNames.join(" "), "B"],
    [article.dek, "C"],
    [bodyToPlainText(article.body), "D"],
  ] as const;
  const parts = weighted.map(
    ([text, weight]) => sql`setweight(to_tsvector('simple', ${toSearchIndexText(text)}), ${weight}::"char")`,
  );
  return sql.join(parts, sql` || `);
}

/** The words a story's tags add to its search document (weight B): each tag's name and aliases. */
export function tagSearchNames(tagRows: { name: string; aliases: string[] }[]): string[] {
  return tagRows.flatMap((tag) => [tag.name, ...tag.aliases]);
}

/** The normalised title, matched with pg_trgm for near-spellings of names. */
export function titleSearchText(title: string): string {
  return normalizeArabic(title);
}

/**
 * Words of titles and tag names that feed the near-spelling lexicon, without their clitics
 * (lexiconForm): الأمل must be compared as أمل, or it is one letter away from الأمن.
 */
export function lexiconTerms(texts: string[]): string[] {
  const terms = new Set<string>();
  for (const text of texts) {
    for (const token of searchTokens(text)) {
      const term = lexiconForm(token);
      if (term.length >= 3 && term.length <= 40 && !/^\d+$/.test(term)) terms.add(term);
    }
  }
  // Sorted: concurrent saves insert overlapping terms, and inserting them in one global order keeps
  // two transactions from each holding a term the other waits for (a deadlock, found by the soak).
  return [...terms].sort();
}
