import "server-only";
import { unstable_cache } from "next/cache";
import { getReadDb } from "@/db/replicas";
import type { StoryCard } from "@/lib/articles/cards";
import { cachedReadUnlessMissing } from "@/lib/cache/cached-read";
import { cacheTags } from "@/lib/cache/tags";
import { publicStoryIds } from "@/lib/pages/article";
import { findSectionBySlug } from "@/lib/sections/queries";
import { listMostReadStories } from "@/lib/views/queries";

// «الأكثر قراءة» as the pages read it. Unlike every other public read, its data changes with each
// view rather than with an editor's save, so it is not exact: each list is cached for at most
// MOST_READ_SECONDS, and the views flush expires the home and section lists (tag `most-read`) at
// most once per MOST_READ_REFRESH_MS (lib/views/flush.ts). A story's save still expires them
// through `home` and `section:<slug>`, so a withdrawn story leaves the lists at once.
//
// Article pages are different: one list shared by every article page must not carry `home` or
// `most-read`, or every publish (and every refresh) would expire every cached article page at the
// origin and the edge. Their list is refreshed only on time, and a withdrawn story is dropped
// through publicStoryIds, cached under the listed stories' own tags, as «اقرأ أيضاً» does.

/** A short lifetime: the counts behind the lists change constantly. */
export const MOST_READ_SECONDS = 300;

const HOME_LIMIT = 10;
const SECTION_LIMIT = 5;
const ARTICLE_LIMIT = 5;

/** The home page's list, site-wide. */
export const getSiteMostRead = unstable_cache(
  async () => listMostReadStories(getReadDb(), { now: new Date(), limit: HOME_LIMIT }),
  ["most-read-site-v1"],
  { tags: [cacheTags.mostRead, cacheTags.home], revalidate: MOST_READ_SECONDS },
);

/** A section page's list; null (never cached) for a slug no section has. */
export function getSectionMostRead(slug: string): Promise<StoryCard[] | null> {
  return cachedReadUnlessMissing(
    ["most-read-section-v1", slug],
    [cacheTags.mostRead, cacheTags.section(slug)],
    async () => {
      const db = getReadDb();
      const section = await findSectionBySlug(db, slug);
      return section ? listMostReadStories(db, { now: new Date(), sectionId: section.id, limit: SECTION_LIMIT }) : null;
    },
    (stories) => stories === null,
  );
}

// No tags on purpose (see above): refreshed by time alone.
const getArticleAsideCandidates = unstable_cache(
  async () => listMostReadStories(getReadDb(), { now: new Date(), limit: ARTICLE_LIMIT }),
  ["most-read-article-aside-v1"],
  { tags: [], revalidate: MOST_READ_SECONDS },
);

/** The list beside a story: site-wide, without any story withdrawn since it was read. */
export async function getArticleMostRead(): Promise<StoryCard[]> {
  const stories = await getArticleAsideCandidates();
  const publicIds = await publicStoryIds(stories.map((story) => story.id));
  return stories.filter((story) => publicIds.has(story.id));
}
