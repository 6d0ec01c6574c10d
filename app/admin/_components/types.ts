// Shapes shared by the editor's client components and its server actions (no server code here).
export type UploadedImage = { id: number; src: string; width: number; height: number; alt: string; caption: string };

export type EditorOption = { id: number; name: string };
export type LinkedStoryOption = { id: number; title: string; isBreaking: boolean; status: string };

export type EditorInitial = {
  id: number | null;
  version: number;
  status: "draft" | "scheduled" | "published" | "unpublished";
  title: string;
  slug: string;
  dek: string;
  body: unknown;
  sectionId: number | null;
  authorIds: number[];
  tagNames: string[];
  readAlso: LinkedStoryOption[];
  sourceName: string;
  sourceUrl: string;
  /** A new story drafted from the wire desk: the item (and outlet) its save takes. */
  wire: { itemId: number; sourceId: number } | null;
  /** The source is the wire outlet's and cannot be edited (lib/wire/attribution). */
  sourceLocked: boolean;
  isBreaking: boolean;
  /** A live coverage, and whether it has ended. */
  live: boolean;
  liveEnded: boolean;
  hero: { id: number; src: string; alt: string } | null;
  correction: string;
  /** datetime-local value in the site's time zone, or "" */
  scheduledAt: string;
  publicPath: string | null;
};

