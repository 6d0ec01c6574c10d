import "server-only";
import { unstable_cache } from "next/cache";
import { type Executor } from "@/db/client";
import { getReadDb } from "@/db/replicas";
import type { ArticleBody } from "@/lib/articles/body-schema";
import { BACKSTOP_SECONDS, cachedReadUnlessMissing } from "@/lib/cache/cached-read";
import { cacheTags } from "@/lib/cache/tags";
import { getPublicArticleBody, listFeedStories, type FeedStory } from "@/lib/seo/feeds/queries";
import { findSectionBySlug } from "@/lib/sections/queries";
import { findTagBySlug } from "@/lib/tags/queries";

// The feeds' cached reads. The story list is cached under `feeds` (plus the tag's or section's own
// tag); each body is cached on its own under `article:<id>`, because fifty full bodies in one
// entry could pass the data cache's 2 MB limit.

export type FeedScope = { kind: "site" } | { kind: "tag" | "section"; slug: string; name: string };
export type FeedSource = { kind: "feed"; scope: FeedScope; stories: FeedStory[]; generatedAt: string };
export type ScopedFeedSource = FeedSource | { kind: "redirect"; slug: string } | { kind: "missing" };

export const getSiteFeedSource = unstable_cache(
  async (): Promise<FeedSource> => ({
    kind: "feed",
    scope: { kind: "site" },
    stories: await listFeedStories(getReadDb(), new Date(), null),
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

export function getTagFeedSource(slug: string): Promise<ScopedFeedSource> {
  return cachedReadUnlessMissing(
    ["feed-tag-v1", slug],
    [cacheTags.feeds, cacheTags.tag(slug)],
    () => readTagFeedSource(getReadDb(), slug, new Date()),
    isMissingFeed,
  );
}

export function getSectionFeedSource(slug: string): Promise<ScopedFeedSource> {
  return cachedReadUnlessMissing(
    ["feed-section-v1", slug],
    [cacheTags.feeds, cacheTags.section(slug)],
    async (): Promise<ScopedFeedSource> => {
      const db = getReadDb();
      const section = await findSectionBySlug(db, slug);
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

export function getFeedBody(id: number): Promise<ArticleBody | null> {
  return unstable_cache(async () => getPublicArticleBody(getReadDb(), id, new Date()), ["feed-body-v1", String(id)], {
    tags: [cacheTags.feeds, cacheTags.article(id)],
    revalidate: BACKSTOP_SECONDS,
  })();
}
