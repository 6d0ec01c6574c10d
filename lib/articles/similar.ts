import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "@/db/client";
import { cardColumnsSql, toCard, type StoryCard } from "@/lib/articles/cards";
import { publicArticleWhereRaw, publicListingWhereRaw } from "@/lib/articles/visibility";

export const SIMILAR_LIMIT = 10;

// How "similar" is scored, in one indexed query:
// - each shared tag adds its rarity, ln((N + 1) / (df + 1)): a tag on few stories says far more
//   than one on thousands (N = stories, df = stories with that tag);
// - recency adds up to RECENCY_WEIGHT, halving every RECENCY_HALF_LIFE_DAYS;
// - when tags find fewer than ten, the section's latest stories fill the list, ranked below any
//   story that shares a tag (they score only their recency, minus one).
// Each tag contributes at most CANDIDATES_PER_TAG of its newest stories, so a tag on 50,000
// stories costs one short index range, not a scan.
export const SIMILARITY = {
  RECENCY_WEIGHT: 1.5,
  RECENCY_HALF_LIFE_DAYS: 14,
  CANDIDATES_PER_TAG: 200,
  DF_CAP: 1000,
} as const;

export async function listSimilarStories(
  db: Executor,
  options: { articleId: number; sectionId: number; excludeIds: number[]; now: Date; limit?: number },
): Promise<StoryCard[]> {
  const limit = options.limit ?? SIMILAR_LIMIT;
  const exclude = [options.articleId, ...options.excludeIds];
  const excludeList = sql.join(exclude.map((id) => sql`${id}`), sql`, `);
  // postgres.js takes no Date inside raw SQL; an ISO string cast in SQL works with both drivers.
  const nowParam = sql`${options.now.toISOString()}::timestamptz`;
  const rows = await queryRows<Parameters<typeof toCard>[0] & { score: number }>(
    db,
    sql`
    with story_count as (
      -- The planner's estimate is free but missing before the first ANALYZE (and PGlite never
      -- autovacuums), so a capped real count stands in for it then, and only then: counting
      -- 10,000 rows on every call cost 5 ms.
      select coalesce(
               (select nullif(greatest(reltuples, 0), 0) from pg_class where relname = 'articles'),
               (select count(*) from (select 1 from articles limit 10000) capped)
             )::float8 as n
    ),
    -- Materialised so each tag's df is counted once, not once per candidate row; the count stops
    -- at DF_CAP, as every tag that common is equally uninformative.
    own_tags as materialized (
      select at.tag_id,
             (select count(*) from (select 1 from article_tags df
               where df.tag_id = at.tag_id and ${publicListingWhereRaw("df", options.now)}
               limit ${SIMILARITY.DF_CAP}) capped) as df
        from article_tags at
       where at.article_id = ${options.articleId}
    ),
    tag_matches as (
      select c.article_id, sum(ln((story_count.n + 1) / (own_tags.df + 1))) as rarity,
             max(c.published_at) as published_at
        from own_tags
        cross join story_count
        cross join lateral (
          select x.article_id, x.article_published_at as published_at
            from article_tags x
           where x.tag_id = own_tags.tag_id and ${publicListingWhereRaw("x", options.now)}
           order by x.article_published_at desc, x.article_id desc
           limit ${SIMILARITY.CANDIDATES_PER_TAG}
        ) c
       where c.article_id not in (${excludeList})
       group by c.article_id
    ),
    section_fill as (
      select a.id as article_id, -1.0::float8 as rarity, a.first_published_at as published_at
        from articles a
       where a.section_id = ${options.sectionId}
         and ${publicArticleWhereRaw("a", options.now)}
         and a.id not in (${excludeList})
       order by a.first_published_at desc, a.id desc
       limit ${limit}
    ),
    -- Scored from the link rows' own copy of the publication time, so only the winners are read
    -- from articles (a thousand heap reads for every candidate cost most of the query at 1M stories).
    ranked as (
      select article_id, published_at,
             -- float8, not numeric: extract() returns numeric, whose power() took 10 ms for 600 candidates.
             max(rarity) + ${SIMILARITY.RECENCY_WEIGHT}
               * power(0.5::float8, extract(epoch from (${nowParam} - max(published_at)))::float8 / 86400.0
                            / ${SIMILARITY.RECENCY_HALF_LIFE_DAYS}) as score
        from (select * from tag_matches union all select * from section_fill) both_kinds
       group by article_id, published_at
       order by score desc, published_at desc, article_id desc
       limit ${limit}
    )
    select ${cardColumnsSql}, r.score
      from ranked r
      join articles a on a.id = r.article_id
      join sections s on s.id = a.section_id
      left join media m on m.id = a.hero_media_id
     where ${publicArticleWhereRaw("a", options.now)}
     order by r.score desc, r.published_at desc, a.id desc
     limit ${limit}`,
  );
  return rows.map(toCard);
}
