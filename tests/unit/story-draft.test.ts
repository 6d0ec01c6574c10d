import { describe, expect, it } from "vitest";
import { draftFromInitial, draftReducer, type Draft, type DraftAction } from "@/app/admin/_components/story-draft";
import type { EditorInitial } from "@/app/admin/_components/types";

const blank: EditorInitial = {
  id: null,
  version: 0,
  status: "draft",
  title: "",
  slug: "",
  dek: "",
  body: { type: "doc", content: [{ type: "paragraph" }] },
  sectionId: 3,
  authorIds: [7],
  tagNames: [],
  readAlso: [],
  sourceName: "",
  sourceUrl: "",
  wire: null,
  sourceLocked: false,
  isBreaking: false,
  live: false,
  liveEnded: false,
  hero: null,
  correction: "",
  scheduledAt: "",
  publicPath: null,
};

const run = (draft: Draft, ...actions: DraftAction[]) => actions.reduce(draftReducer, draft);

describe("the story editor's draft reducer", () => {
  it("starts from the loaded story, clean, with the section as the select's string", () => {
    const draft = draftFromInitial(blank);
    expect(draft).toMatchObject({ articleId: null, version: 0, sectionId: "3", slugEdited: false, dirty: false });
    expect(draftFromInitial({ ...blank, sectionId: null }).sectionId).toBe("");
    expect(draftFromInitial({ ...blank, id: 12, version: 4 }).slugEdited).toBe(true);
  });

  it("marks any edit dirty and leaves the previous state untouched", () => {
    const before = draftFromInitial(blank);
    const after = draftReducer(before, { type: "edit", patch: { dek: "موجز", tagNames: ["بوتين"], isBreaking: true } });
    expect(after).toMatchObject({ dek: "موجز", tagNames: ["بوتين"], isBreaking: true, dirty: true });
    expect(before).toMatchObject({ dek: "", tagNames: [], isBreaking: false, dirty: false });
  });

  it("makes a new story's slug from its title until the editor types a slug", () => {
    const typed = run(draftFromInitial(blank), { type: "edit", patch: { title: "بوتين يلتقي ترامب" } });
    expect(typed.slug).toBe("بوتين-يلتقي-ترامب");
    const own = run(typed, { type: "editSlug", value: "قمة" }, { type: "edit", patch: { title: "عنوان آخر" } });
    expect(own).toMatchObject({ slug: "قمة", title: "عنوان آخر", slugEdited: true });
    const again = run(own, { type: "slugFromTitle" });
    expect(again).toMatchObject({ slug: "عنوان-آخر", slugEdited: false, dirty: true });
  });

  it("keeps an existing story's slug when its title changes", () => {
    const draft = run(draftFromInitial({ ...blank, id: 12, title: "قديم", slug: "قديم" }), { type: "edit", patch: { title: "جديد" } });
    expect(draft.slug).toBe("قديم");
  });

  it("moves onto the saved version, and a new story onto its id", () => {
    const edited = run(draftFromInitial(blank), { type: "edit", patch: { title: "خبر" } });
    const saved = run(edited, {
      type: "saved",
      saved: { id: 41, version: 1, slug: "خبر", status: "published", publicPath: "/news/41/%D8%AE%D8%A8%D8%B1" },
    });
    expect(saved).toMatchObject({ articleId: 41, version: 1, status: "published", slug: "خبر", dirty: false, title: "خبر" });
    // An existing story keeps its id.
    const next = run(saved, { type: "saved", saved: { id: 99, version: 2, slug: "خبر", status: "published", publicPath: "/x" } });
    expect(next.articleId).toBe(41);
  });

  it("adopts the newer version after a conflict without touching the text", () => {
    const edited = run(draftFromInitial({ ...blank, id: 5, version: 2 }), { type: "edit", patch: { title: "نصي" } });
    const adopted = run(edited, { type: "adoptVersion", version: 3 });
    expect(adopted).toMatchObject({ version: 3, title: "نصي", dirty: true });
  });
});
