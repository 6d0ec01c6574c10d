import "server-only";
import { and, desc, eq, gte, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { queryRows, type Executor } from "@/db/client";
import { articleAuthors, articles, articleTags, media, sections, type Article } from "@/db/schema";
import { cardColumns, cardColumnsSql, toCard, type CardRow, type Page, type StoryCard } from "@/lib/articles/cards";
import { publicArticleWhere, publicArticleWhereRaw, publicListingWhere } from "@/lib/articles/visibility";
import { decodeKeysetCursor, encodeKeysetCursor } from "@/lib/pagination/cursor";

// Reads for public pages. Which stories are public is lib/articles/visibility's to say.

function cardQuery(db: Executor) {
  return db
    .select(cardColumns)
    .from(articles)
    .innerJoin(sections, eq(sections.id, articles.sectionId))
    .leftJoin(media, eq(media.id, articles.heroMediaId));
}

function afterCursor(cursor: string | null | undefined, publishedAt: AnyPgColumn, id: AnyPgColumn) {
  const position = decodeKeysetCursor(cursor);
  if (!position) return undefined;
  // The plain `<=` bound is implied by the OR, but only it can start the index scan at the cursor:
  // without it Postgres reads every row before it (93 ms for page 1000 of a tag, at a million stories).
  return and(lte(publishedAt, position.at), or(lt(publishedAt, position.at), and(eq(publishedAt, position.at), lt(id, position.id))));
}

function toPage(rows: CardRow[], limit: number): Page<StoryCard> {
  const items = rows.slice(0, limit).map(toCard);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeKeysetCursor({ at: last.firstPublishedAt, id: last.id }) : null };
}

export async function listLatestStories(
  db: Executor,
  options: { now: Date; limit: number; cursor?: string | null },
): Promise<Page<StoryCard>> {
  const rows = await cardQuery(db)
    .where(and(publicArticleWhere(options.now), afterCursor(options.cursor, articles.firstPublishedAt, articles.id)))
    .orderBy(desc(articles.firstPublishedAt), desc(articles.id))
    .limit(options.limit + 1);
  return toPage(rows, options.limit);
}

/** The given stories that are public at `now`, as cards (any order): the front page's placed stories. */
export async function listPublicCardsByIds(db: Executor, ids: number[], now: Date): Promise<StoryCard[]> {
  if (!ids.length) return [];
  const rows = await cardQuery(db).where(and(inArray(articles.id, ids), publicArticleWhere(now)));
  return rows.map(toCard);
}

/** Live coverages that are running, newest first: the ticker carries them with breaking news. */
export async function listRunningLiveStories(db: Executor, options: { now: Date; limit: number }): Promise<StoryCard[]> {
  const rows = await cardQuery(db)
    .where(and(publicArticleWhere(options.now), eq(articles.live, true), isNull(articles.liveEndedAt)))
    .orderBy(desc(articles.firstPublishedAt), desc(articles.id))
    .limit(options.limit);
  return rows.map(toCard);
}

export async function listBreakingStories(db: Executor, options: { now: Date; limit: number; sinceHours: number }) {
  const since = new Date(options.now.getTime() - options.sinceHours * 3_600_000);
  const rows = await cardQuery(db)
    .where(
      and(publicArticleWhere(options.now), eq(articles.isBreaking, true), gte(articles.firstPublishedAt, since)),
    )
    .orderBy(desc(articles.firstPublishedAt), desc(articles.id))
    .limit(options.limit);
  return rows.map(toCard);
}

export async function listSectionStories(
  db: Executor,
  options: { now: Date; sectionId: number; limit: number; cursor?: string | null },
): Promise<Page<StoryCard>> {
  const rows = await cardQuery(db)
    .where(
      and(
        eq(articles.sectionId, options.sectionId),
        publicArticleWhere(options.now),
        afterCursor(options.cursor, articles.firstPublishedAt, articles.id),
      ),
    )
    .orderBy(desc(articles.firstPublishedAt), desc(articles.id))
    .limit(options.limit + 1);
  return toPage(rows, options.limit);
}

export type SectionBlock = { section: { id: number; slug: string; name: string }; stories: StoryCard[] };

/**
 * Every section's newest `perSection` public stories, in one query: a LATERAL walk of the
 * (section, first_published_at) index per section. One round trip instead of one per section kept
 * the home page under 5 ms at a million stories. Sections come in their editorial order; a section
 * with no public story is left out.
 */
export async function listSectionBlocks(db: Executor, options: { now: Date; perSection: number }): Promise<SectionBlock[]> {
  const rows = await queryRows<CardRow & { blockSectionId: number }>(
    db,
    sql`select s.id as "blockSectionId", ${cardColumnsSql}
          from sections s
          cross join lateral (
            select a.id, a.slug, a.title, a.dek, a.is_breaking, a.live, a.live_ended_at, a.first_published_at, a.hero_media_id
              from articles a
             where a.section_id = s.id and ${publicArticleWhereRaw("a", options.now)}
             order by a.first_published_at desc, a.id desc
             limit ${options.perSection}
          ) a
          left join media m on m.id = a.hero_media_id
         order by s.position, s.id, a.first_published_at desc, a.id desc`,
  );
  const blocks = new Map<number, SectionBlock>();
  for (const row of rows) {
    let block = blocks.get(row.blockSectionId);
    if (!block) {
      block = { section: { id: row.blockSectionId, slug: row.sectionSlug, name: row.sectionName }, stories: [] };
      blocks.set(row.blockSectionId, block);
    }
    block.stories.push(toCard(row));
  }
  return [...blocks.values()];
}

/** Tag pages read the denormalised (tag, published_at) index, then join only the page's rows. */
export async function listTagStories(
  db: Executor,
  options: { now: Date; tagId: number; limit: number; cursor?: string | null },
): Promise<Page<StoryCard>> {
  const rows = await cardQuery(db)
    .innerJoin(articleTags, eq(articleTags.articleId, articles.id))
    .where(
      and(
        eq(articleTags.tagId, options.tagId),
        publicListingWhere(articleTags, options.now),
        publicArticleWhere(options.now),
        afterCursor(options.cursor, articleTags.articlePublishedAt, articleTags.articleId),
      ),
    )
    .orderBy(desc(articleTags.articlePublishedAt), desc(articleTags.articleId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit);
}

export async function listAuthorStories(
  db: Executor,
  options: { now: Date; userId: number; limit: number; cursor?: string | null },
): Promise<Page<StoryCard>> {
  const rows = await cardQuery(db)
    .innerJoin(articleAuthors, eq(articleAuthors.articleId, articles.id))
    .where(
      and(
        eq(articleAuthors.userId, options.userId),
        publicListingWhere(articleAuthors, options.now),
        publicArticleWhere(options.now),
        afterCursor(options.cursor, articleAuthors.articlePublishedAt, articleAuthors.articleId),
      ),
    )
    .orderBy(desc(articleAuthors.articlePublishedAt), desc(articleAuthors.articleId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit);
}

export async function getArticleById(db: Executor, id: number): Promise<Article | undefined> {
  const [row] = await db.select().from(articles).where(eq(articles.id, id));
  return row;
}
