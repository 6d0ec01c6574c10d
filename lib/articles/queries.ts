import "server-only";
import { and, desc, eq, gte, lt, lte, or } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { articleAuthors, articles, articleTags, media, sections, type Article } from "@/db/schema";
import { cardColumns, toCard, type CardRow, type Page, type StoryCard } from "@/lib/articles/cards";
import { publicArticleWhere, publicListingWhere } from "@/lib/articles/visibility";
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
