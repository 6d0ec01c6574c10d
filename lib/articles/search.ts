import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "@/db/client";
import type { ArticleBody } from "@/lib/articles/body-schema";
import { bodyToPlainText } from "@/lib/articles/body-text";
import { cardColumnsSql, toCard, type StoryCard } from "@/lib/articles/cards";
import { publicArticleWhereRaw } from "@/lib/articles/visibility";
import { isFuzzyCandidate, lexiconForm, makeSnippet, toSearchQueryGroups, toTsQuery, type HighlightSegment } from "@/lib/search/normalize";

export const SEARCH_PAGE_SIZE = 10;
export const SEARCH_MAX_PAGES = 50;
const MAX_RANKED = 1000;
// Near-spellings widen only a word the lexicon does not know, of at least five letters, by at most
// two lexicon words that share most trigrams with it. Shorter words share letters with too much
// (أمير / إزمير, الأمل / الأمن); the spellings of names a newsroom meets daily are in the curated
// variant table (lib/search/data/word-variants.ts), which needs no trigrams at all.
const FUZZY_MIN_SIMILARITY = 0.45;
const FUZZY_MIN_LENGTH = 5;
const FUZZY_TERMS_PER_WORD = 2;

export type SearchHit = StoryCard & { snippet: HighlightSegment[] };
export type SearchResult = { hits: SearchHit[]; hasMore: boolean; groups: string[][] };

/**
 * Each query word becomes an OR-group of its candidate stems (lib/search/normalize.ts), widened
 * with near-spellings from the lexicon of title and tag words (pg_trgm), and the groups are ANDed.
 * Stories that match without the near-spellings come first; then ts_rank_cd with title (A) above
 * tags (B), dek (C) and body (D), then recency.
 * Search pages are ranked, not chronological, so they page by number (at most SEARCH_MAX_PAGES).
 */
export async function searchStories(db: Executor, query: string, options: { now: Date; page: number }): Promise<SearchResult> {
  const exactGroups = toSearchQueryGroups(query);
  const groups = await widenWithNearSpellings(db, exactGroups);
  const tsQuery = toTsQuery(groups);
  if (!tsQuery) return { hits: [], hasMore: false, groups };
  const offset = (Math.min(Math.max(options.page, 1), SEARCH_MAX_PAGES) - 1) * SEARCH_PAGE_SIZE;
  const rows = await queryRows<Parameters<typeof toCard>[0] & { body: ArticleBody; rank: number }>(
    db,
    sql`
    with query as (select to_tsquery('simple', ${tsQuery}) as q, to_tsquery('simple', ${toTsQuery(exactGroups)}) as exact),
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
           ts_rank_cd('{0.1, 0.25, 0.5, 1.0}', a.search_vector, query.q) as rank,
           a.search_vector @@ query.exact as exact
      from matches
      join articles a on a.id = matches.id
      join sections s on s.id = a.section_id
      left join media m on m.id = a.hero_media_id
      cross join query
     order by exact desc, rank desc, a.first_published_at desc, a.id desc
     limit ${SEARCH_PAGE_SIZE + 1} offset ${offset}`,
  );
  const hits = rows.slice(0, SEARCH_PAGE_SIZE).map((row) => ({
    ...toCard(row),
    snippet: makeSnippet(`${row.dek}\n${bodyToPlainText(row.body)}`, groups),
  }));
  return { hits, hasMore: rows.length > SEARCH_PAGE_SIZE, groups };
}

/**
 * Adds to a group the lexicon words spelled nearly like its query word, compared without clitics
 * (lexiconForm), and only those words themselves: the lexicon keeps indexed forms, so each one
 * matches exactly the stories that contain it.
 */
async function widenWithNearSpellings(db: Executor, groups: string[][]): Promise<string[][]> {
  const words = groups.map((group) => {
    const word = group[0] ?? "";
    return isFuzzyCandidate(word) ? lexiconForm(word) : "";
  });
  const wanted = [...new Set(words.filter((word) => word.length >= FUZZY_MIN_LENGTH))];
  if (!wanted.length) return groups;
  const wordList = sql.join(wanted.map((word) => sql`(${word})`), sql`, `);
  const near = await queryRows<{ word: string; term: string }>(
    db,
    sql`
    select w.word, l.term
      from (values ${wordList}) as w(word)
      cross join lateral (
        select term from search_lexicon
         where term % w.word and similarity(term, w.word) >= ${FUZZY_MIN_SIMILARITY}
           and not exists (select 1 from search_lexicon known where known.term = w.word)
         order by similarity(term, w.word) desc, term
         limit ${FUZZY_TERMS_PER_WORD}
      ) l`,
  );
  return groups.map((group, index) => {
    const extra = near.filter((row) => row.word === words[index]).map((row) => row.term);
    return [...new Set([...group, ...extra])];
  });
}
