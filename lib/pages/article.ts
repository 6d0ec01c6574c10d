import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { unstable_cache } from "next/cache";
import { type Executor } from "@/db/client";
import { getReadDb } from "@/db/replicas";
import { articleLinks, articles, media, sections, type ArticleStatus } from "@/db/schema";
import type { ArticleBody } from "@/lib/articles/body-schema";
import { cardColumns, toCard, type StoryCard } from "@/lib/articles/cards";
import { isPublicAt, publicArticleWhere } from "@/lib/articles/visibility";
import { listSimilarStories } from "@/lib/articles/similar";
import { BACKSTOP_SECONDS, cachedReadUnlessMissing } from "@/lib/cache/cached-read";
import { cacheTags } from "@/lib/cache/tags";
import { liveStateOf } from "@/lib/live/entries";
import { listLiveEntries, readLiveToken, type LiveEntryView } from "@/lib/live/queries";
import { loadStoryTags } from "@/lib/tags/queries";
import { loadStoryAuthors } from "@/lib/users/queries";

export type ArticlePageData = {
  id: number;
  slug: string;
  title: string;
  dek: string;
  body: ArticleBody;
  status: ArticleStatus;
  isBreaking: boolean;
  sourceName: string;
  sourceUrl: string;
  /** A wire story whose outlet keeps the canonical URL: the page's canonical is sourceUrl. */
  sourceIsCanonical: boolean;
  correction: string;
  correctedAt: string | null;
  firstPublishedAt: string | null;
  updatedAt: string;
  section: { slug: string; name: string };
  hero: { path: string; width: number; height: number; alt: string; caption: string; credit: string } | null;
  authors: { name: string; slug: string }[];
  tags: { name: string; slug: string }[];
  readAlso: StoryCard[];
  similar: StoryCard[];
  /** A live coverage: its state, times and entries (pinned first, then newest first); null otherwise. */
  live: {
    state: "live" | "ended";
    startedAt: string | null;
    endedAt: string | null;
    entries: LiveEntryView[];
    /** What the poll endpoint answers for this state (lib/live/announcements); the page's island compares. */
    token: string;
  } | null;
};

/** Everything the article page shows, whatever the story's status: the page decides visibility. */
export async function loadArticlePage(db: Executor, id: number, now: Date): Promise<ArticlePageData | null> {
  const [row] = await db
    .select({
      article: articles,
      sectionSlug: sections.slug,
      sectionName: sections.name,
      hero: media,
    })
    .from(articles)
    .innerJoin(sections, eq(sections.id, articles.sectionId))
    .leftJoin(media, eq(media.id, articles.heroMediaId))
    .where(eq(articles.id, id));
  if (!row) return null;
  const { article } = row;

  const [authorsByStory, tagsByStory, readAlsoRows] = await Promise.all([
    loadStoryAuthors(db, [id]),
    loadStoryTags(db, [id]),
    // The editor's order; only stories that are public now.
    db
      .select(cardColumns)
      .from(articleLinks)
      .innerJoin(articles, eq(articles.id, articleLinks.linkedArticleId))
      .innerJoin(sections, eq(sections.id, articles.sectionId))
      .leftJoin(media, eq(media.id, articles.heroMediaId))
      .where(and(eq(articleLinks.articleId, id), publicArticleWhere(now)))
      .orderBy(asc(articleLinks.position)),
  ]);
  const readAlso = readAlsoRows.map(toCard);
  const liveState = liveStateOf(article);
  const [entries, liveToken] = liveState
    ? await Promise.all([listLiveEntries(db, id), readLiveToken(db, id, now)])
    : [[], null];
  const similar = await listSimilarStories(db, {
    articleId: id,
    sectionId: article.sectionId,
    excludeIds: readAlso.map((story) => story.id),
    now,
  });

  return {
    id: article.id,
    slug: article.slug,
    title: article.title,
    dek: article.dek,
    body: article.body,
    status: article.status,
    isBreaking: article.isBreaking,
    sourceName: article.sourceName,
    sourceUrl: article.sourceUrl,
    sourceIsCanonical: article.sourceIsCanonical,
    correction: article.correction,
    correctedAt: article.correctedAt?.toISOString() ?? null,
    firstPublishedAt: article.firstPublishedAt?.toISOString() ?? null,
    updatedAt: article.updatedAt.toISOString(),
    section: { slug: row.sectionSlug, name: row.sectionName },
    hero: row.hero
      ? {
          path: row.hero.path,
          width: row.hero.width,
          height: row.hero.height,
          alt: row.hero.alt,
          caption: row.hero.caption,
          credit: row.hero.credit,
        }
      : null,
    authors: (authorsByStory.get(id) ?? []).map(({ name, slug }) => ({ name, slug })),
    tags: (tagsByStory.get(id) ?? []).map(({ name, slug }) => ({ name, slug })),
    readAlso,
    similar,
    live: liveState
      ? {
          state: liveState,
          startedAt: (article.liveStartedAt ?? article.firstPublishedAt)?.toISOString() ?? null,
          endedAt: article.liveEndedAt?.toISOString() ?? null,
          entries,
          token: liveToken?.token ?? "",
        }
      : null,
  };
}

/**
 * Cached per story under `article:<id>`; writes to the story, or to its links, expire it. Only a
 * story that is public now is stored: drafts, future schedules and unknown ids are never kept.
 */
export function getArticlePage(id: number): Promise<ArticlePageData | null> {
  return cachedReadUnlessMissing(
    ["article-page-v2", String(id)],
    [cacheTags.article(id)],
    () => loadArticlePage(getReadDb(), id, new Date()),
    (page) => !page || !isPublicAt(page, new Date()),
  );
}

/**
 * Related stories come from this story's cache entry, which a change to *another* story does not
 * expire. So the page asks again which of them are public (publicStoryIds): unpublishing any of
 * them expires this answer, and with it every page that shows it.
 */
export async function keepPublicRelated(page: Pick<ArticlePageData, "readAlso" | "similar">) {
  const publicIds = await publicStoryIds([...page.readAlso, ...page.similar].map((story) => story.id));
  const isPublic = (story: StoryCard) => publicIds.has(story.id);
  return { readAlso: page.readAlso.filter(isPublic), similar: page.similar.filter(isPublic) };
}

/**
 * Which of these stories are public now, cached under each one's own `article:<id>` tag, so a page
 * showing stories from a cache entry their changes do not expire still drops a withdrawn one.
 */
export async function publicStoryIds(storyIds: number[]): Promise<Set<number>> {
  const ids = [...new Set(storyIds)].sort((a, b) => a - b);
  if (!ids.length) return new Set();
  return new Set(
    await unstable_cache(() => listPublicArticleIds(getReadDb(), ids, new Date()), ["public-related-v1", ids.join(",")], {
      tags: ids.map(cacheTags.article),
      revalidate: BACKSTOP_SECONDS,
    })(),
  );
}

async function listPublicArticleIds(db: Executor, ids: number[], now: Date): Promise<number[]> {
  const rows = await db
    .select({ id: articles.id })
    .from(articles)
    .where(and(inArray(articles.id, ids), publicArticleWhere(now)));
  return rows.map((row) => row.id);
}
