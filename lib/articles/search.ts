import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "@/db/client";
import type { ArticleBody } from "@/lib/articles/body-schema";
import { bodyToPlainText } from "@/lib/articles/body-text";
import { cardColumnsSql, toCard, type StoryCard } from "@/lib/articles/cards";
import { publicArticleWhereRaw } from "@/lib/articles/visibility";
import { makeSnippet, stemCandidates, toSearchQueryGroups, toTsQuery, type HighlightSegment } from "@/lib/search/normalize";

export const SEARCH_PAGE_SIZE = 10;
export const SEARCH_MAX_PAGES = 50;
const MAX_RANKED = 1000;
// Near-spellings of names (ترمب / ترامب score 0.375 in trigrams) without pulling in unrelated words.
const FUZZY_MIN_SIMILARITY = 0.35;
const FUZZY_MIN_LENGTH = 4;

export type SearchHit = StoryCard & { snippet: HighlightSegment[] };
export type SearchResult = { hits: SearchHit[]; hasMore: boolean; groups: string[][] };

/**
 * Each query word becomes an OR-group of its candidate stems (lib/search/normalize.ts), widened
 * with near-spellings from the lexicon of title and tag words (pg_trgm), and the groups are ANDed.
 * Ranked by ts_rank_cd with title (A) above tags (B), dek (C) and body (D), then by recency.
 * Search pages are ranked, not chronological, so they page by number (at most SEARCH_MAX_PAGES).
 */
export async function searchStories(db: Executor, query: string, options: { now: Date; page: number }): Promise<SearchResult> {
  const groups = await widenWithNearSpellings(db, toSearchQueryGroups(query));
  const tsQuery = toTsQuery(groups);
  if (!tsQuery) return { hits: [], hasMore: false, groups };
  const offset = (Math.min(Math.max(options.page, 1), SEARCH_MAX_PAGES) - 1) * SEARCH_PAGE_SIZE;
  const rows = await queryRows<Parameters<typeof toCard>[0] & { body: ArticleBody; rank: number }>(
    db,
    sql`
    with query as (select to_tsquery('simple', ${tsQuery}) as q),
    -- A word in most stories would make Postgres rank all of them; the newest MAX_RANKED matches
    -- are ranked instead (news readers want recent stories first anyway), so a query costs the
    -- same whether it matches fifty stories or fifty thousand.
    matches as materialized (
      select a.id
        from articles a, query
       where a.search_vector @@ query.q
         and ${publicArticleWhereRaw("a", options.now)}
       order by a.first_published_at desc, a.id desc
       limit ${MAX_RANKED}
    )
    select ${cardColumnsSql}, a.body,
           ts_rank_cd('{0.1, 0.25, 0.5, 1.0}', a.search_vector, query.q) as rank
      from matches
      join articles a on a.id = matches.id
      join sections s on s.id = a.section_id
      left join media m on m.id = a.hero_media_id
      cross join query
     order by rank desc, a.first_published_at desc, a.id desc
     limit ${SEARCH_PAGE_SIZE + 1} offset ${offset}`,
  );
  const hits = rows.slice(0, SEARCH_PAGE_SIZE).map((row) => ({
    ...toCard(row),
    snippet: makeSnippet(`${row.dek}\n${bodyToPlainText(row.body)}`, groups),
  }));
  return { hits, hasMore: rows.length > SEARCH_PAGE_SIZE, groups };
}

async function widenWithNearSpellings(db: Executor, groups: string[][]): Promise<string[][]> {
  const words = groups.map((group) => group[0] ?? "").filter((word) => word.length >= FUZZY_MIN_LENGTH);
  if (!words.length) return groups;
  const wordList = sql.join(words.map((word) => sql`(${word})`), sql`, `);
  const near = await queryRows<{ word: string; term: string }>(
    db,
    sql`
    select w.word, l.term
      from (values ${wordList}) as w(word)
      cross join lateral (
        select term from search_lexicon
         where term % w.word and similarity(term, w.word) >= ${FUZZY_MIN_SIMILARITY}
         order by similarity(term, w.word) desc
         limit 3
      ) l`,
  );
  return groups.map((group) => {
    const extra = near.filter((row) => row.word === group[0]).flatMap((row) => stemCandidates(row.term));
    return [...new Set([...group, ...extra])];
  });
}
