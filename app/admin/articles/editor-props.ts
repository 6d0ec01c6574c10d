import "server-only";
import { can } from "@/lib/auth/permissions";
import type { StaffUser } from "@/lib/auth/session";
import { type EditorArticle } from "@/lib/articles/admin-queries";
import { emptyArticleBody } from "@/lib/articles/body-schema";
import { READ_ALSO_MAX, TAGS_MAX, TITLE_MAX, DEK_MAX } from "@/lib/articles/schemas";
import { getEnv } from "@/lib/env";
import { toZonedInputValue } from "@/lib/i18n/dates";
import { getEditorOptions } from "@/lib/pages/admin";
import { paths } from "@/lib/urls";
import type { WireDraft } from "@/lib/wire/desk";
import type { StoryEditorProps } from "@/app/admin/_components/story-editor";
import type { EditorInitial } from "@/app/admin/_components/types";

/** The story editor's props: the story (or a blank one) plus the option lists, as plain JSON. */
export async function loadEditorProps(user: StaffUser, loaded: EditorArticle | null, wire: WireDraft | null = null): Promise<StoryEditorProps> {
  const env = getEnv();
  const { sections, authors } = await getEditorOptions();
  const a = loaded?.article;
  const initial: EditorInitial = a
    ? {
        id: a.id,
        version: a.version,
        status: a.status,
        title: a.title,
        slug: a.slug,
        dek: a.dek,
        body: a.body,
        sectionId: a.sectionId,
        authorIds: loaded.authorIds,
        tagNames: loaded.tagNames,
        readAlso: loaded.readAlso,
        sourceName: a.sourceName,
        sourceUrl: a.sourceUrl,
        wire: null,
        sourceLocked: a.wireSourceId !== null,
        isBreaking: a.isBreaking,
        live: a.live,
        liveEnded: a.liveEndedAt !== null,
        hero: loaded.hero ? { id: loaded.hero.id, src: loaded.hero.path, alt: loaded.hero.alt } : null,
        correction: a.correction,
        scheduledAt: a.scheduledAt ? toZonedInputValue(a.scheduledAt, env.timeZone) : "",
        publicPath: paths.article(a.id, a.slug),
      }
    : {
        id: null,
        version: 0,
        status: "draft",
        // «حرّر وانشر» on the wire desk opens this form with the outlet's copy.
        title: wire?.title ?? "",
        slug: "",
        dek: wire?.dek ?? "",
        body: wire?.body ?? emptyArticleBody(),
        sectionId: wire?.sectionId ?? sections[0]?.id ?? null,
        authorIds: [user.id],
        tagNames: wire?.tagNames ?? [],
        readAlso: [],
        sourceName: wire?.sourceName ?? "",
        sourceUrl: wire?.sourceUrl ?? "",
        wire: wire ? { itemId: wire.itemId, sourceId: wire.sourceId } : null,
        sourceLocked: wire !== null,
        isBreaking: false,
        live: false,
        liveEnded: false,
        hero: null,
        correction: "",
        scheduledAt: "",
        publicPath: null,
      };
  return {
    initial,
    sections,
    authors: authors.map(({ id, name }) => ({ id, name })),
    canPublish: can(user, "publish"),
    maxUploadBytes: env.maxUploadBytes,
    timeZone: env.timeZone,
    limits: { tags: TAGS_MAX, readAlso: READ_ALSO_MAX, title: TITLE_MAX, dek: DEK_MAX },
  };
}
