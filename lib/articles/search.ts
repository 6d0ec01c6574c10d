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
// Ranking reads every ranked story's search vector, so it is the newest MAX_RANKED matches that are
// ranked: at a million stories, ranking a thousand took 41 ms of a 68 ms search.
const MAX_RANKED = 300;
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
  const ids = await newestMatches(db, tsQuery, groups, options);
  if (!ids.length) return { hits: [], hasMore: false, groups };
  const rows = await queryRows<Parameters<typeof toCard>[0] & { body: ArticleBody; rank: number }>(
    db,
    sql`
    with query as (select to_tsquery('simple', ${tsQuery}) as q, to_tsquery('simple', ${toTsQuery(exactGroups)}) as exact)
    select ${cardColumnsSql}, a.body,
           ts_rank_cd('{0.1, 0.25, 0.5, 1.0}', a.search_vector, query.q) as rank,
           a.search_vector @@ query.exact as exact
      from articles a
      join sections s on s.id = a.section_id
      left join media m on m.id = a.hero_media_id
      cross join query
     where a.id = any(${`{${ids.join(",")}}`}::int[])
     order by exact desc, ${options.sort === "newest" ? sql`` : sql`rank desc,`} a.first_published_at desc, a.id desc
     limit ${SEARCH_PAGE_SIZE + 1} offset ${offset}`,
  );
  const hits = rows.slice(0, SEARCH_PAGE_SIZE).map((row) => ({
    ...toCard(row),
    snippet: makeSnippet(`${row.dek}\n${bodyToPlainText(row.body)}`, groups),
  }));
  return { hits, hasMore: rows.length > SEARCH_PAGE_SIZE, groups };
}

// How newestMatches finds the newest MAX_RANKED matches, by how many stories the query matches
// (estimated from Postgres's own statistics of the search vectors, lexemeStatistics):
// - a query in WALK_MIN_FRACTION of stories or more: walk the stories newest first and test each,
//   which stops after about MAX_RANKED / fraction stories; the search index would have to decode
//   its posting lists first (130 ms for half a million stories);
// - any other: the search index, which finds a rare word's every match at once; when there are more
//   than MAX_RANKED, the index ANDed with a date range, widening through WINDOW_DAYS until one
//   holds MAX_RANKED matches, the newest of all.
const WALK_MIN_FRACTION = 0.15;
const WINDOW_DAYS = [7, 30, 365] as const;
const DAY_MS = 86_400_000;
const STATISTICS_TTL_MS = 10 * 60_000;

type LexemeStatistics = { frequencies: Map<string, number>; rarest: number; readAt: number };
const statisticsByDatabase = new WeakMap<object, LexemeStatistics>();

/**
 * The share of stories each common lexeme is in (pg_stats.most_common_elems, kept by ANALYZE),
 * read at most every ten minutes. A database never analysed has none: every
 * query then counts as rare, which is right for the small databases that are never analysed.
 */
async function lexemeStatistics(db: Executor): Promise<LexemeStatistics> {
  const cached = statisticsByDatabase.get(db);
  if (cached && Date.now() - cached.readAt < STATISTICS_TTL_MS) return cached;
  const rows = await queryRows<{ lexeme: string | null; frequency: number }>(
    db,
    sql`select x.lexeme, x.frequency from pg_stats s
         cross join lateral unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as x(lexeme, frequency)
         where s.schemaname = current_schema() and s.tablename = 'articles' and s.attname = 'search_vector'`,
  );
  const known = rows.filter((row) => row.lexeme !== null);
  const statistics = {
    frequencies: new Map(known.map((row) => [row.lexeme!, Number(row.frequency)])),
    rarest: known.length ? Math.min(...known.map((row) => Number(row.frequency))) : 0,
    readAt: Date.now(),
  };
  statisticsByDatabase.set(db, statistics);
  return statistics;
}

/** Reads the statistics again on the next search (after an ANALYZE that changed them). */
export function forgetSearchStatistics(db: Executor): void {
  statisticsByDatabase.delete(db);
}

/** The estimated share of stories matching every group (groups independent; a lexeme not listed as common counts as half the rarest that is). */
function estimatedMatchFraction(statistics: LexemeStatistics, groups: string[][]): number {
  return groups.reduce((fraction, group) => {
    const share = group.reduce((sum, lexeme) => sum + (statistics.frequencies.get(lexeme) ?? statistics.rarest / 2), 0);
    return fraction * Math.min(1, share);
  }, 1);
}

/**
 * The ids of the newest MAX_RANKED public stories that match, newest first. A word in most stories
 * would make Postgres rank all of them; the newest MAX_RANKED matches are ranked instead (news
 * readers want recent stories first anyway), so a query costs about the same whether it matches
 * fifty stories or five hundred thousand. Each way of finding them returns exactly those stories.
 */
async function newestMatches(db: Executor, tsQuery: string, groups: string[][], options: SearchOptions): Promise<number[]> {
  const statistics = await lexemeStatistics(db);
  const fraction = estimatedMatchFraction(statistics, groups);
  const matching = sql`a.search_vector @@ to_tsquery('simple', ${tsQuery}) and ${publicArticleWhereRaw("a", options.now)}`;
  const ids = (rows: { id: number }[]) => rows.map((row) => row.id);
  if (fraction >= WALK_MIN_FRACTION) {
    // The planner walks articles_public_time_idx newest first, as its own statistics agree.
    return ids(
      await queryRows<{ id: number }>(
        db,
        sql`select a.id from articles a where ${matching} ${narrowingSql(options)}
             order by a.first_published_at desc, a.id desc limit ${MAX_RANKED}`,
      ),
    );
  }
  // Materialised without a LIMIT, so the planner cannot choose to walk the date index testing
  // every story (15 s for a word in nine stories): it reads the matches from the search index.
  const fromSearchIndex = async (window: SearchOptions) =>
    ids(
      await queryRows<{ id: number }>(
        db,
        sql`with found as materialized (
              select a.id, a.first_published_at from articles a where ${matching} ${narrowingSql(window)}
            )
            select id from found order by first_published_at desc, id desc limit ${MAX_RANKED}`,
      ),
    );
  // Words the statistics do not list as common are mostly rare: one lookup in the search index finds
  // them all when there are at most MAX_RANKED. The matches are a materialised CTE with no LIMIT of
  // its own, so the planner plans it as "every match" (the search index, by the same statistics);
  // the outer LIMIT only stops reading it. With the LIMIT inside, it would stop at the first
  // MAX_RANKED + 1 stories of a sequential scan, which for a word in nine stories means reading all
  // million. (Pinning the planner with SET LOCAL did the same in a transaction: four more round trips.)
  const probe = await queryRows<{ id: number; at: string | Date }>(
    db,
    sql`with found as materialized (
          select a.id, a.first_published_at as at from articles a where ${matching} ${narrowingSql(options)}
        )
        select id, at from found limit ${MAX_RANKED + 1}`,
  );
  if (probe.length <= MAX_RANKED) {
    return probe
      .map((row) => ({ id: row.id, at: new Date(row.at).getTime() }))
      .sort((a, b) => b.at - a.at || b.id - a.id)
      .map((row) => row.id);
  }
  const newest = Math.min(options.now.getTime(), options.until?.getTime() ?? Infinity);
  for (const days of WINDOW_DAYS) {
    const since = newest - days * DAY_MS;
    // A window reaching back past the reader's own range is that range: the last try.
    if (options.since && since <= options.since.getTime()) break;
    const found = await fromSearchIndex({ ...options, since: new Date(since) });
    if (found.length === MAX_RANKED) return found;
  }
  return fromSearchIndex(options);
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
    with unknown as materialized (
      -- Materialised, so a word the lexicon knows costs one primary-key probe, not a trigram scan.
      select w.word from (values ${wordList}) as w(word)
       where not exists (select 1 from search_lexicon known where known.term = w.word)
    )
    select w.word, l.term
      from unknown w
      cross join lateral (
        select term from search_lexicon
         where term % w.word and similarity(term, w.word) >= ${FUZZY_MIN_SIMILARITY}
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
