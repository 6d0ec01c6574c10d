import { isRowId } from "@/db/ids";

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

/** Keyset cursor over (first_published_at desc, id desc): stable while stories are published. */
export function encodeCursor(card: Pick<StoryCard, "id" | "firstPublishedAt">): string {
  return `${new Date(card.firstPublishedAt).getTime().toString(36)}.${card.id.toString(36)}`;
}

export function decodeCursor(cursor: string | undefined | null): { publishedAt: Date; id: number } | null {
  if (!cursor) return null;
  const match = /^([0-9a-z]{1,12})\.([0-9a-z]{1,10})$/.exec(cursor);
  if (!match) return null;
  const publishedAt = new Date(parseInt(match[1]!, 36));
  const id = parseInt(match[2]!, 36);
  if (Number.isNaN(publishedAt.getTime()) || !isRowId(id)) return null;
  return { publishedAt, id };
}
