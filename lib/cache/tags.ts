// Named cache tags (DESIGN.md "Caching and speed"): every cached read declares the tags it depends
// on, and every write revalidates exactly the tags it touched, old and new.
export const cacheTags = {
  home: "home",
  feeds: "feeds",
  sitemaps: "sitemaps",
  // The «الأكثر قراءة» lists of the home and section pages, expired on a clock by the views flush
  // (lib/views/flush.ts), never by a story's save.
  mostRead: "most-read",
  article: (id: number) => `article:${id}`,
  tag: (slug: string) => `tag:${slug}`,
  section: (slug: string) => `section:${slug}`,
  author: (slug: string) => `author:${slug}`,
} as const;

/** Everything a change to a visible story can show up on. */
export function tagsForArticleChange(change: {
  articleIds: number[];
  sectionSlugs: string[];
  tagSlugs: string[];
  authorSlugs: string[];
}): string[] {
  return [
    ...new Set([
      cacheTags.home,
      cacheTags.feeds,
      cacheTags.sitemaps,
      ...change.articleIds.map(cacheTags.article),
      ...change.sectionSlugs.map(cacheTags.section),
      ...change.tagSlugs.map(cacheTags.tag),
      ...change.authorSlugs.map(cacheTags.author),
    ]),
  ];
}
