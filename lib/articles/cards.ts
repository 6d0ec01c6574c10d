// What lists show of a story. Dates are ISO strings: these values pass through the data cache,
// which stores JSON.
export type StoryCard = {
  id: number;
  slug: string;
  title: string;
  dek: string;
  isBreaking: boolean;
  firstPublishedAt: string;
  sectionSlug: string;
  sectionName: string;
  hero: { path: string; width: number; height: number; alt: string } | null;
};

export type Page<T> = { items: T[]; nextCursor: string | null };
