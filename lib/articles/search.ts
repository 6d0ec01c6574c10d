import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Executor } from "@/db/client";
import type { ArticleBody } from "@/lib/articles/body-schema";
import { bodyToPlainText } from "@/lib/articles/body-text";
import { cardColumnsSql, toCard, type StoryCard } from "@/lib/articles/cards";
import { publicArticleWhereRaw } from "@/lib/articles/visibility";
import { SEARCH_MAX_PAGES, type SearchSort } from "@/lib/search/filters";
import { isFuzzyCandidate, lexiconForm, makeSnippet, tokenize, toSearchQueryGroups, toTsQuery, type HighlightSegment } from "@/lib/search/normalize";

export const SEARCH_PAGE_SIZE = 10;
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
export type SearchOptions = {
  now: Date;
  page: number;
  sort?: SearchSort;
  sectionId?: number | null;
  /** Stories first published at or after `since` and before `until`. */
  since?: Date | null;
  until?: Date | null;
};

/**
 * Each query word becomes an OR-group of its candidate stems (lib/search/normalize.ts), widened
 * with near-spellings from the lexicon of title and tag words (pg_trgm), and the groups are ANDed.
 * Stories that match without the near-spellings come first; then, sorted by relevance, ts_rank_cd
 * with title (A) above tags (B), dek (C) and body (D), then recency; sorted by newest, recency alone.
 * Search pages are ranked, not chronological, so they page by number (at most SEARCH_MAX_PAGES).
 */
export async function searchStories(db: Executor, query: string, options: SearchOptions): Promise<SearchResult> {
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
         ${narrowingSql(options)}
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
     order by exact desc, ${options.sort === "newest" ? sql`` : sql`rank desc,`} a.first_published_at desc, a.id desc
     limit ${SEARCH_PAGE_SIZE + 1} offset ${offset}`,
  );
  const hits = rows.slice(0, SEARCH_PAGE_SIZE).map((row) => ({
    ...toCard(row),
    snippet: makeSnippet(`${row.dek}\n${bodyToPlainText(row.body)}`, groups),
  }));
  return { hits, hasMore: rows.length > SEARCH_PAGE_SIZE, groups };
}

/** The section and date filters, as extra conditions on `a`. */
function narrowingSql(options: SearchOptions): SQL {
  const conditions: SQL[] = [];
  if (options.sectionId) conditions.push(sql`and a.section_id = ${options.sectionId}`);
  // postgres.js takes no Date inside raw SQL; an ISO string cast in SQL works with both drivers.
  if (options.since) conditions.push(sql`and a.first_published_at >= ${options.since.toISOString()}::timestamptz`);
  if (options.until) conditions.push(sql`and a.first_published_at < ${options.until.toISOString()}::timestamptz`);
  return sql.join(conditions, sql` `);
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

// «هل تقصد» looks further than the widening above: any word of three letters or more, at
// pg_trgm's default threshold. It is only offered, never searched on the reader's behalf.
const SUGGEST_MIN_LENGTH = 3;
const SUGGEST_MIN_SIMILARITY = 0.3;
const TITLE_WORD = /[\p{L}\p{M}\u0640]+/gu;

/**
 * For a query that found nothing: the same query with each word the lexicon does not know replaced
 * by the nearest title or tag word, spelled as a public story's title spells it. Offered only when
 * it finds stories under the same filters. The lexicon also holds words of drafts' titles, so a word
 * no public title carries is never offered: a suggestion must not reveal an unpublished story.
 */
export async function suggestSpelling(db: Executor, query: string, options: SearchOptions): Promise<string | null> {
  const words = query.split(" ").filter(Boolean);
  const terms = words.map((word) => {
    const tokens = tokenize(word);
    const token = tokens.length === 1 ? tokens[0]! : "";
    return isFuzzyCandidate(token) ? lexiconForm(token) : "";
  });
  const wanted = [...new Set(terms.filter((term) => term.length >= SUGGEST_MIN_LENGTH))];
  if (!wanted.length) return null;
  const termList = sql.join(wanted.map((term) => sql`(${term})`), sql`, `);
  const near = await queryRows<{ term: string; near: string; title: string }>(
    db,
    sql`
    select w.term, n.near, t.title
      from (values ${termList}) as w(term)
      cross join lateral (
        select l.term as near from search_lexicon l
         where l.term % w.term and similarity(l.term, w.term) >= ${SUGGEST_MIN_SIMILARITY}
           and not exists (select 1 from search_lexicon known where known.term = w.term)
         order by similarity(l.term, w.term) desc, l.term
         limit 1
      ) n
      cross join lateral (
        select a.title from articles a
         where a.title_search like '%' || n.near || '%' and ${publicArticleWhereRaw("a", options.now)}
         order by a.first_published_at desc
         limit 1
      ) t`,
  );
  const spellingOf = new Map<string, string>();
  for (const row of near) {
    for (const [titleWord] of row.title.matchAll(TITLE_WORD)) {
      const tokens = tokenize(titleWord);
      if (tokens.length === 1 && lexiconForm(tokens[0]!) === row.near) {
        spellingOf.set(row.term, titleWord);
        break;
      }
    }
  }
  if (!spellingOf.size) return null;
  const suggestion = words.map((word, index) => spellingOf.get(terms[index]!) ?? word).join(" ");
  const found = await searchStories(db, suggestion, { ...options, page: 1 });
  return found.hits.length ? suggestion : null;
}
