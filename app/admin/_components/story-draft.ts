import type { JSONContent } from "@tiptap/react";
import type { SavedValues } from "@/app/admin/articles/actions";
import { slugify } from "@/lib/i18n/slug";
import type { HeroValue } from "./hero-picker";
import type { EditorInitial, LinkedStoryOption } from "./types";

// The story editor's state as one pure reducer: what the editor typed, plus what the last save
// told it (id, version, status, public path). No React here, so it is unit-tested on its own.

export const SLUG_FROM_TITLE_MAX = 80;

/** The fields an editor changes by typing or picking; each change marks the draft dirty. */
export type DraftFields = {
  title: string;
  dek: string;
  body: JSONContent;
  /** The <select>'s value: a section id as a string, or "". */
  sectionId: string;
  authorIds: number[];
  tagNames: string[];
  readAlso: LinkedStoryOption[];
  sourceName: string;
  sourceUrl: string;
  isBreaking: boolean;
  live: boolean;
  liveEnded: boolean;
  hero: HeroValue;
  correction: string;
  /** datetime-local value in the site's time zone, or "" */
  scheduledAt: string;
};

export type Draft = DraftFields & {
  articleId: number | null;
  version: number;
  status: EditorInitial["status"];
  publicPath: string | null;
  slug: string;
  /** Once the editor types a slug, a new title no longer rewrites it. */
  slugEdited: boolean;
  /** Changed since the last save (or since loading). */
  dirty: boolean;
};

export type DraftAction =
  | { type: "edit"; patch: Partial<DraftFields> }
  | { type: "editSlug"; value: string }
  | { type: "slugFromTitle" }
  | { type: "saved"; saved: SavedValues }
  /** After a conflict, the editor chooses to save their text over this version. */
  | { type: "adoptVersion"; version: number };

export function draftFromInitial(initial: EditorInitial): Draft {
  return {
    articleId: initial.id,
    version: initial.version,
    status: initial.status,
    publicPath: initial.publicPath,
    title: initial.title,
    slug: initial.slug,
    // An existing story keeps its slug whatever the title becomes; a new one follows its title.
    slugEdited: Boolean(initial.id),
    dek: initial.dek,
    body: initial.body as JSONContent,
    sectionId: initial.sectionId ? String(initial.sectionId) : "",
    authorIds: initial.authorIds,
    tagNames: initial.tagNames,
    readAlso: initial.readAlso,
    sourceName: initial.sourceName,
    sourceUrl: initial.sourceUrl,
    isBreaking: initial.isBreaking,
    live: initial.live,
    liveEnded: initial.liveEnded,
    hero: initial.hero,
    correction: initial.correction,
    scheduledAt: initial.scheduledAt,
    dirty: false,
  };
}

export function draftReducer(draft: Draft, action: DraftAction): Draft {
  switch (action.type) {
    case "edit": {
      const next: Draft = { ...draft, ...action.patch, dirty: true };
      // A new story's slug follows its headline until the editor types one.
      if (action.patch.title !== undefined && !draft.slugEdited) next.slug = slugify(action.patch.title, SLUG_FROM_TITLE_MAX);
      return next;
    }
    case "editSlug":
      return { ...draft, slug: action.value, slugEdited: true, dirty: true };
    case "slugFromTitle":
      return { ...draft, slug: slugify(draft.title, SLUG_FROM_TITLE_MAX), slugEdited: false, dirty: true };
    case "saved":
      // The form moves onto the saved version; a new story takes the id it was given.
      return {
        ...draft,
        articleId: draft.articleId ?? action.saved.id,
        version: action.saved.version,
        status: action.saved.status,
        slug: action.saved.slug,
        publicPath: action.saved.publicPath,
        dirty: false,
      };
    case "adoptVersion":
      return { ...draft, version: action.version };
  }
}
