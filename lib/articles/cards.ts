import "server-only";
import { sql } from "drizzle-orm";
import { articles, media, sections } from "@/db/schema";

// What lists show of a story. Dates are ISO strings: these values pass through the data cache,
// which stores JSON.
export type StoryCard = {
  id: number;
  slug: string;
  title: string;
  dek: string;
  isBreaking: boolean;
  /** A live coverage that is running («مباشر»). */
  isLive: boolean;
  firstPublishedAt: string;
  sectionSlug: string;
  sectionName: string;
  hero: { path: string; width: number; height: number; alt: string } | null;
};

export type Page<T> = { items: T[]; nextCursor: string | null };

// How every list reads a card: with the query builder (cardColumns) or in raw SQL (cardColumnsSql).

export const cardColumns = {
  id: articles.id,
  slug: articles.slug,
  title: articles.title,
  dek: articles.dek,
  isBreaking: articles.isBreaking,
  isLive: sql<boolean>`(${articles.live} and ${articles.liveEndedAt} is null)`,
  firstPublishedAt: articles.firstPublishedAt,
  sectionSlug: sections.slug,
  sectionName: sections.name,
  heroPath: media.path,
  heroWidth: media.width,
  heroHeight: media.height,
  heroAlt: media.alt,
};

/**
 * cardColumns for the few queries written as raw SQL (similar articles, search), which must alias
 * articles as a, sections as s and media as m; the names match what toCard reads.
 */
export const cardColumnsSql = sql.raw(
  `a.id, a.slug, a.title, a.dek, a.is_breaking as "isBreaking", (a.live and a.live_ended_at is null) as "isLive", a.first_published_at as "firstPublishedAt",
   s.slug as "sectionSlug", s.name as "sectionName",
   m.path as "heroPath", m.width as "heroWidth", m.height as "heroHeight", m.alt as "heroAlt"`,
);

export type CardRow = {
  id: number;
  slug: string;
  title: string;
  dek: string;
  isBreaking: boolean;
  isLive: boolean;
  firstPublishedAt: Date | string | null;
  sectionSlug: string;
  sectionName: string;
  heroPath: string | null;
  heroWidth: number | null;
  heroHeight: number | null;
  heroAlt: string | null;
};

export function toCard(row: CardRow): StoryCard {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    dek: row.dek,
    isBreaking: row.isBreaking,
    isLive: Boolean(row.isLive),
    firstPublishedAt: new Date(row.firstPublishedAt ?? 0).toISOString(),
    sectionSlug: row.sectionSlug,
    sectionName: row.sectionName,
    hero:
      row.heroPath && row.heroWidth && row.heroHeight
        ? { path: row.heroPath, width: row.heroWidth, height: row.heroHeight, alt: row.heroAlt ?? "" }
        : null,
  };
}
