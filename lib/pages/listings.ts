import "server-only";
import { unstable_cache } from "next/cache";
import { type Executor } from "@/db/client";
import { getReadDb } from "@/db/replicas";
import { BACKSTOP_SECONDS, cachedReadUnlessMissing } from "@/lib/cache/cached-read";
import { cacheTags } from "@/lib/cache/tags";
import {
  listAuthorStories,
  listBreakingStories,
  listLatestStories,
  listPublicCardsByIds,
  listRunningLiveStories,
  listSectionBlocks,
  listSectionStories,
  listTagStories,
} from "@/lib/articles/queries";
import { FRONT_PAGE_LIMITS, arrangeFrontPage, orderSectionBlocks, storyIdsOf } from "@/lib/front-page/layout";
import { readCurrentFrontPage } from "@/lib/front-page/queries";
import { searchStories, suggestSpelling } from "@/lib/articles/search";
import { searchWindow, type SearchRequest } from "@/lib/search/filters";
import { getDateConfig } from "@/lib/site-config";
import { findSectionBySlug, listSections } from "@/lib/sections/queries";
import { countPublicTagStories, findTagBySlug } from "@/lib/tags/queries";
import { getAuthorBySlug } from "@/lib/users/queries";

// Cached reads behind public pages. Each declares its cache tags; writes expire them (lib/cache).
// Misses (unknown slugs, empty pages past the end) are returned but not stored.

/**
 * The home page: the editors' arrangement (lib/front-page) filled from the latest stories where a
 * slot is empty or out of its schedule, breaking news, and each section's newest in the editors'
 * order. Cached by getHomePageData under `home`, which saving the front page and every story change
 * expire (and the scheduler, when a slot's schedule starts or ends).
 */
export async function readHomePage(db: Executor, now: Date) {
  const frontPage = await readCurrentFrontPage(db);
  const [running, breaking, latest, placed, sectionBlocks] = await Promise.all([
    listRunningLiveStories(db, { now, limit: 3 }),
    listBreakingStories(db, { now, limit: 6, sinceHours: 48 }),
    listLatestStories(db, { now, limit: 1 + FRONT_PAGE_LIMITS.topMax + FRONT_PAGE_LIMITS.featuredMax + FRONT_PAGE_LIMITS.latest }),
    listPublicCardsByIds(db, storyIdsOf(frontPage.layout), now),
    listSectionBlocks(db, { now, perSection: 4 }),
  ]);
  const arranged = arrangeFrontPage(frontPage.layout, now, new Map(placed.map((card) => [card.id, card])), latest.items);
  return {
    // The ticker: running live coverages first, then breaking news, each story once.
    breaking: [...running, ...breaking.filter((story) => !running.some((live) => live.id === story.id))],
    ...arranged,
    sectionBlocks: orderSectionBlocks(sectionBlocks, frontPage.layout.sectionOrder).map(({ section, stories }) => ({
      section: { slug: section.slug, name: section.name },
      stories,
    })),
  };
}

export const getHomePageData = unstable_cache(async () => readHomePage(getReadDb(), new Date()), ["home-page-v2"], {
  tags: [cacheTags.home],
  revalidate: BACKSTOP_SECONDS,
});

export const getNavigationSections = unstable_cache(
  async () => (await listSections(getReadDb())).map(({ slug, name }) => ({ slug, name })),
  ["navigation-sections-v1"],
  { tags: [cacheTags.home], revalidate: BACKSTOP_SECONDS },
);

export const LISTING_PAGE_SIZE = 20;

/** A later page with nothing on it is a cursor nobody was given: not a page (404), not cached. */
const isEmptyLaterPage = (cursor: string | null, page: { items: unknown[] }) => cursor !== null && page.items.length === 0;

/**
 * A tag page: the tag, its public story count and one keyset page of its stories. A tag no public
 * story carries yet (made on a draft, or whose stories were all withdrawn) is not a page: it is
 * "missing", so it answers 404 and is never cached, and the publish that first carries it expires
 * `tag:<slug>` (tagsForArticleChange), so the page appears on the next request.
 */
export async function readTagPage(db: Executor, slug: string, cursor: string | null, now: Date) {
  const lookup = await findTagBySlug(db, slug);
  if (lookup.kind !== "tag") return lookup;
  const [storyCount, page] = await Promise.all([
    countPublicTagStories(db, lookup.tag.id, now),
    listTagStories(db, { now, tagId: lookup.tag.id, limit: LISTING_PAGE_SIZE, cursor }),
  ]);
  if (page.items.length === 0) return { kind: "missing" as const };
  return { kind: "tag" as const, tag: { name: lookup.tag.name, slug: lookup.tag.slug }, storyCount, page };
}

export function getTagPage(slug: string, cursor: string | null) {
  return cachedReadUnlessMissing(
    ["tag-page-v1", slug, cursor ?? ""],
    [cacheTags.tag(slug)],
    () => readTagPage(getReadDb(), slug, cursor, new Date()),
    (result) => result.kind === "missing",
  );
}

/** A section page: the section and one keyset page of its stories; null for no such page. */
export async function readSectionPage(db: Executor, slug: string, cursor: string | null, now: Date) {
  const section = await findSectionBySlug(db, slug);
  if (!section) return null;
  const page = await listSectionStories(db, { now, sectionId: section.id, limit: LISTING_PAGE_SIZE, cursor });
  if (isEmptyLaterPage(cursor, page)) return null;
  return { section: { name: section.name, slug: section.slug }, page };
}

export function getSectionPage(slug: string, cursor: string | null) {
  return cachedReadUnlessMissing(
    ["section-page-v1", slug, cursor ?? ""],
    [cacheTags.section(slug)],
    () => readSectionPage(getReadDb(), slug, cursor, new Date()),
    (result) => result === null,
  );
}

/** An author page: the author and one keyset page of their stories; null for no such page. */
export async function readAuthorPage(db: Executor, slug: string, cursor: string | null, now: Date) {
  const author = await getAuthorBySlug(db, slug);
  if (!author) return null;
  const page = await listAuthorStories(db, { now, userId: author.id, limit: LISTING_PAGE_SIZE, cursor });
  // An account that never published is not a public author page.
  if ((!cursor && page.items.length === 0) || isEmptyLaterPage(cursor, page)) return null;
  return { author: { name: author.displayName, slug: author.slug, bio: author.bio }, page };
}

export function getAuthorPage(slug: string, cursor: string | null) {
  return cachedReadUnlessMissing(
    ["author-page-v1", slug, cursor ?? ""],
    [cacheTags.author(slug)],
    () => readAuthorPage(getReadDb(), slug, cursor, new Date()),
    (result) => result === null,
  );
}

/**
 * Search results are per query and filters: the search page renders per request and the edge keeps
 * each result page for 30 s. The data cache holds a search's results for two minutes (any story
 * change, the `home` tag, expires them). A search that finds nothing is not kept; its «هل تقصد»
 * suggestion is looked for then, and only on the first page.
 */
export function getSearchResults(request: SearchRequest) {
  const { query, page, section, period, from, to, sort } = request;
  return cachedReadUnlessMissing(
    ["search-v2", query, String(page), section ?? "", period ?? "", from ?? "", to ?? "", sort],
    [cacheTags.home],
    async () => {
      const db = getReadDb();
      const now = new Date();
      const sectionId = section ? ((await findSectionBySlug(db, section))?.id ?? null) : null;
      const options = { now, page, sort, sectionId, ...searchWindow(request, now, getDateConfig().timeZone) };
      const result = await searchStories(db, query, options);
      const suggestion = result.hits.length === 0 && page === 1 ? await suggestSpelling(db, query, options) : null;
      return { ...result, suggestion };
    },
    (results) => results.hits.length === 0,
  );
}
