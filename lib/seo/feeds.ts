import "server-only";
import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { unstable_cache } from "next/cache";
import { getDb, type Executor } from "@/db/client";
import { articleAuthors, articles, articleTags, media, sections, tags, users } from "@/db/schema";
import type { ArticleBody } from "@/lib/articles/body-schema";
import { bodyToHtml } from "@/lib/articles/body-text";
import { isPublicArticle } from "@/lib/articles/queries";
import { decodeSlugParam } from "@/lib/routing/params";
import { findTagBySlug } from "@/lib/tags/queries";
import { BACKSTOP_SECONDS, cachedReadUnlessMissing } from "@/lib/cache/cached-read";
import { cacheTags } from "@/lib/cache/tags";
import { getEnv } from "@/lib/env";
import { toRfc822 } from "@/lib/i18n/dates";
import { buildRssFeed, rssItemDescription, type RssChannel, type RssItem } from "@/lib/seo/feed-xml";
import { absoluteUrl, paths } from "@/lib/seo/urls";

// RSS for the whole site, one tag or one section. The story list is cached under `feeds` (plus
// the tag's or section's own tag); each body is cached on its own under `article:<id>`, because
// fifty full bodies in one entry could pass the data cache's 2 MB limit.

export const FEED_SIZE = 50;

export type FeedStory = {
  id: number;
  slug: string;
  title: string;
  dek: string;
  firstPublishedAt: string;
  lastModified: string;
  hero: { path: string; mimeType: string; width: number; height: number; alt: string } | null;
  tags: { name: string; slug: string }[];
  authors: string[];
};

type FeedFilter = { sectionId: number } | { tagId: number } | null;

// ------------------------------------------------------------ queries

const feedColumns = {
  id: articles.id,
  slug: articles.slug,
  title: articles.title,
  dek: articles.dek,
  firstPublishedAt: articles.firstPublishedAt,
  // A scheduled story is saved before it is visible; readers saw it change when it appeared.
  lastModified: sql<Date>`greatest(${articles.updatedAt}, ${articles.firstPublishedAt})`.mapWith(articles.updatedAt),
  heroPath: media.path,
  heroMimeType: media.mimeType,
  heroWidth: media.width,
  heroHeight: media.height,
  heroAlt: media.alt,
};

async function listFeedRows(db: Executor, now: Date, filter: FeedFilter) {
  const base = db
    .select(feedColumns)
    .from(articles)
    .innerJoin(sections, eq(sections.id, articles.sectionId))
    .leftJoin(media, eq(media.id, articles.heroMediaId));
  if (filter && "tagId" in filter) {
    // The denormalised (tag, published_at) index, as tag pages read it.
    return base
      .innerJoin(articleTags, eq(articleTags.articleId, articles.id))
      .where(
        and(
          eq(articleTags.tagId, filter.tagId),
          sql`${articleTags.articleListed}`,
          lte(articleTags.articlePublishedAt, now),
          isPublicArticle(now),
        ),
      )
      .orderBy(desc(articleTags.articlePublishedAt), desc(articleTags.articleId))
      .limit(FEED_SIZE);
  }
  const sectionCondition = filter && "sectionId" in filter ? eq(articles.sectionId, filter.sectionId) : undefined;
  return base
    .where(and(sectionCondition, isPublicArticle(now)))
    .orderBy(desc(articles.firstPublishedAt), desc(articles.id))
    .limit(FEED_SIZE);
}

export async function listFeedStories(db: Executor, now: Date, filter: FeedFilter): Promise<FeedStory[]> {
  const rows = await listFeedRows(db, now, filter);
  const ids = rows.map((row) => row.id);
  if (ids.length === 0) return [];
  const [tagRows, authorRows] = await Promise.all([
    db
      .select({ articleId: articleTags.articleId, name: tags.name, slug: tags.slug })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(inArray(articleTags.articleId, ids))
      .orderBy(asc(articleTags.articleId), asc(articleTags.position)),
    db
      .select({ articleId: articleAuthors.articleId, name: users.displayName })
      .from(articleAuthors)
      .innerJoin(users, eq(users.id, articleAuthors.userId))
      .where(inArray(articleAuthors.articleId, ids))
      .orderBy(asc(articleAuthors.articleId), asc(articleAuthors.position)),
  ]);
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    title: row.title,
    dek: row.dek,
    firstPublishedAt: new Date(row.firstPublishedAt ?? 0).toISOString(),
    lastModified: new Date(row.lastModified).toISOString(),
    hero:
      row.heroPath && row.heroMimeType && row.heroWidth && row.heroHeight
        ? { path: row.heroPath, mimeType: row.heroMimeType, width: row.heroWidth, height: row.heroHeight, alt: row.heroAlt ?? "" }
        : null,
    tags: tagRows.filter((tag) => tag.articleId === row.id).map(({ name, slug }) => ({ name, slug })),
    authors: authorRows.filter((author) => author.articleId === row.id).map((author) => author.name),
  }));
}

async function getPublicArticleBody(db: Executor, id: number, now: Date): Promise<ArticleBody | null> {
  const [row] = await db
    .select({ body: articles.body })
    .from(articles)
    .where(and(eq(articles.id, id), isPublicArticle(now)));
  return row?.body ?? null;
}

// ------------------------------------------------------------ cached reads

type FeedScope = { kind: "site" } | { kind: "tag" | "section"; slug: string; name: string };
type FeedSource = { kind: "feed"; scope: FeedScope; stories: FeedStory[]; generatedAt: string };
type ScopedFeedSource = FeedSource | { kind: "redirect"; slug: string } | { kind: "missing" };

const getSiteFeedSource = unstable_cache(
  async (): Promise<FeedSource> => ({
    kind: "feed",
    scope: { kind: "site" },
    stories: await listFeedStories(getDb(), new Date(), null),
    generatedAt: new Date().toISOString(),
  }),
  ["feed-site-v1"],
  { tags: [cacheTags.feeds], revalidate: BACKSTOP_SECONDS },
);

/** A tag's feed; like its page, a tag no public story carries has none (missing, never cached). */
export async function readTagFeedSource(db: Executor, slug: string, now: Date): Promise<ScopedFeedSource> {
  const lookup = await findTagBySlug(db, slug);
  if (lookup.kind !== "tag") return lookup;
  const { tag } = lookup;
  const stories = await listFeedStories(db, now, { tagId: tag.id });
  if (stories.length === 0) return { kind: "missing" };
  return { kind: "feed", scope: { kind: "tag", slug: tag.slug, name: tag.name }, stories, generatedAt: now.toISOString() };
}

function getTagFeedSource(slug: string): Promise<ScopedFeedSource> {
  return cachedReadUnlessMissing(
    ["feed-tag-v1", slug],
    [cacheTags.feeds, cacheTags.tag(slug)],
    () => readTagFeedSource(getDb(), slug, new Date()),
    isMissingFeed,
  );
}

function getSectionFeedSource(slug: string): Promise<ScopedFeedSource> {
  return cachedReadUnlessMissing(
    ["feed-section-v1", slug],
    [cacheTags.feeds, cacheTags.section(slug)],
    async (): Promise<ScopedFeedSource> => {
      const db = getDb();
      const [section] = await db.select().from(sections).where(eq(sections.slug, slug));
      if (!section) return { kind: "missing" };
      return {
        kind: "feed",
        scope: { kind: "section", slug: section.slug, name: section.name },
        stories: await listFeedStories(db, new Date(), { sectionId: section.id }),
        generatedAt: new Date().toISOString(),
      };
    },
    isMissingFeed,
  );
}

// Feeds for unknown slugs are answered, never stored.
function isMissingFeed(source: ScopedFeedSource): boolean {
  return source.kind === "missing";
}

function getFeedBody(id: number): Promise<ArticleBody | null> {
  return unstable_cache(async () => getPublicArticleBody(getDb(), id, new Date()), ["feed-body-v1", String(id)], {
    tags: [cacheTags.feeds, cacheTags.article(id)],
    revalidate: BACKSTOP_SECONDS,
  })();
}

// ------------------------------------------------------------ documents

// "malformed": the slug cannot name anything (lib/routing/params.ts), so no cache keeps the answer.
export type FeedResult = { kind: "xml"; xml: string } | { kind: "redirect"; location: string } | { kind: "missing" } | { kind: "malformed" };

function channelFor(source: FeedSource): RssChannel {
  const { siteName } = getEnv();
  const { scope } = source;
  const newest = source.stories.reduce<string | null>(
    (latest, story) => (latest === null || story.lastModified > latest ? story.lastModified : latest),
    null,
  );
  const common = { language: "ar", lastBuildDate: toRfc822(new Date(newest ?? source.generatedAt)) };
  if (scope.kind === "tag") {
    return {
      ...common,
      title: `${scope.name} — ${siteName}`,
      link: absoluteUrl(paths.tag(scope.slug)),
      description: `آخر الأخبار عن «${scope.name}» من ${siteName}`,
      selfUrl: absoluteUrl(paths.tagFeed(scope.slug)),
    };
  }
  if (scope.kind === "section") {
    return {
      ...common,
      title: `${scope.name} — ${siteName}`,
      link: absoluteUrl(paths.section(scope.slug)),
      description: `آخر أخبار قسم ${scope.name} من ${siteName}`,
      selfUrl: absoluteUrl(paths.sectionFeed(scope.slug)),
    };
  }
  return {
    ...common,
    title: siteName,
    link: absoluteUrl(paths.home()),
    description: `آخر الأخبار من ${siteName}`,
    selfUrl: absoluteUrl(paths.feed()),
  };
}

async function renderFeed(source: FeedSource): Promise<string> {
  const { siteUrl } = getEnv();
  const bodies = await Promise.all(source.stories.map((story) => getFeedBody(story.id)));
  const items = source.stories.flatMap((story, index): RssItem[] => {
    const body = bodies[index];
    // Unpublished between the two cached reads: leave it out rather than show an empty story.
    if (!body) return [];
    return [
      {
        title: story.title,
        link: absoluteUrl(paths.article(story.id, story.slug)),
        guid: absoluteUrl(paths.articleById(story.id)),
        pubDate: toRfc822(new Date(story.firstPublishedAt)),
        description: rssItemDescription(story.dek, body),
        contentHtml: bodyToHtml(body, { siteUrl }),
        creators: story.authors,
        categories: story.tags.map((tag) => ({ name: tag.name, domain: absoluteUrl(paths.tag(tag.slug)) })),
        media: story.hero && {
          url: absoluteUrl(paths.media(story.hero.path)),
          type: story.hero.mimeType,
          width: story.hero.width,
          height: story.hero.height,
          description: story.hero.alt,
        },
      },
    ];
  });
  return buildRssFeed(channelFor(source), items);
}

export async function renderSiteFeed(): Promise<string> {
  return renderFeed(await getSiteFeedSource());
}

async function renderScoped(source: ScopedFeedSource, feedPath: (slug: string) => string): Promise<FeedResult> {
  if (source.kind === "missing") return source;
  if (source.kind === "redirect") return { kind: "redirect", location: absoluteUrl(feedPath(source.slug)) };
  return { kind: "xml", xml: await renderFeed(source) };
}

export async function renderTagFeed(rawSlug: string): Promise<FeedResult> {
  const slug = decodeSlugParam(rawSlug);
  if (slug === null) return { kind: "malformed" };
  return renderScoped(await getTagFeedSource(slug), paths.tagFeed);
}

export async function renderSectionFeed(rawSlug: string): Promise<FeedResult> {
  const slug = decodeSlugParam(rawSlug);
  if (slug === null) return { kind: "malformed" };
  return renderScoped(await getSectionFeedSource(slug), paths.sectionFeed);
}
