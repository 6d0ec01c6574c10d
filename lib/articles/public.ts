import "server-only";
import { unstable_cache } from "next/cache";
import { getDb } from "@/db/client";
import { cacheTags } from "@/lib/cache/tags";
import { listBreakingStories, listLatestStories, listSectionStories, listSections } from "@/lib/articles/queries";

// Cached reads behind public pages. Each declares its cache tags; writes expire them (lib/cache).
// The time-based revalidate is only a backstop for writes made outside the app (operator scripts).
const BACKSTOP_SECONDS = 300;

export const getHomePageData = unstable_cache(
  async () => {
    const db = getDb();
    const now = new Date();
    const [breaking, latest, sectionList] = await Promise.all([
      listBreakingStories(db, { now, limit: 6, sinceHours: 48 }),
      listLatestStories(db, { now, limit: 13 }),
      listSections(db),
    ]);
    const sectionBlocks = await Promise.all(
      sectionList.map(async (section) => ({
        section: { slug: section.slug, name: section.name },
        stories: (await listSectionStories(db, { now, sectionId: section.id, limit: 4 })).items,
      })),
    );
    return { breaking, latest: latest.items, sectionBlocks: sectionBlocks.filter((block) => block.stories.length) };
  },
  ["home-page-v1"],
  { tags: [cacheTags.home], revalidate: BACKSTOP_SECONDS },
);

export const getNavigationSections = unstable_cache(
  async () => (await listSections(getDb())).map(({ slug, name }) => ({ slug, name })),
  ["navigation-sections-v1"],
  { tags: [cacheTags.home], revalidate: BACKSTOP_SECONDS },
);
