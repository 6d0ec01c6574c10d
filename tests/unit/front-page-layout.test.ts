import { describe, expect, it } from "vitest";
import type { FrontPageLayout } from "@/db/schema";
import { ValidationError } from "@/lib/errors";
import {
  EMPTY_LAYOUT,
  FRONT_PAGE_LIMITS,
  arrangeFrontPage,
  crossesScheduleBoundary,
  isSlotLive,
  orderSectionBlocks,
  parseFrontPageInput,
  withoutStory,
} from "@/lib/front-page/layout";

const now = new Date("2026-12-07T12:00:00Z");
const card = (id: number) => ({ id });
const cards = (...ids: number[]) => new Map(ids.map((id) => [id, card(id)]));
const latest = Array.from({ length: 20 }, (_, index) => card(100 + index));
const slot = (articleId: number, from: string | null = null, until: string | null = null) => ({ articleId, from, until });
const ids = (list: { id: number }[]) => list.map((c) => c.id);

describe("isSlotLive", () => {
  it("is live from `from` (inclusive) until `until` (exclusive), open bounds always", () => {
    expect(isSlotLive(slot(1), now)).toBe(true);
    expect(isSlotLive(slot(1, now.toISOString()), now)).toBe(true);
    expect(isSlotLive(slot(1, "2026-12-07T12:00:01Z"), now)).toBe(false);
    expect(isSlotLive(slot(1, null, now.toISOString()), now)).toBe(false);
    expect(isSlotLive(slot(1, "2026-12-07T11:00:00Z", "2026-12-07T13:00:00Z"), now)).toBe(true);
  });
});

describe("arrangeFrontPage", () => {
  it("with nothing placed, leads with the newest story and shows the default number of top stories", () => {
    const page = arrangeFrontPage(EMPTY_LAYOUT, now, new Map(), latest);
    expect(page.lead?.id).toBe(100);
    expect(ids(page.top)).toEqual([101, 102, 103, 104]);
    expect(ids(page.latest)).toEqual([105, 106, 107, 108, 109, 110, 111, 112]);
    expect(page.featured).toBeNull();
  });

  it("puts placed stories in their slots and keeps them out of the fallbacks and the latest list", () => {
    const layout: FrontPageLayout = { ...EMPTY_LAYOUT, lead: slot(102), top: [slot(7), slot(101), slot(8)] };
    const page = arrangeFrontPage(layout, now, cards(7, 8, 101, 102), latest);
    expect(page.lead?.id).toBe(102);
    expect(ids(page.top)).toEqual([7, 101, 8]);
    expect(ids(page.latest)).not.toContain(101);
    expect(ids(page.latest)).not.toContain(102);
    expect(ids(page.latest)[0]).toBe(100);
  });

  it("fills a slot out of its schedule, or whose story is not public, with the newest story not on the page", () => {
    const layout: FrontPageLayout = {
      ...EMPTY_LAYOUT,
      lead: slot(7, null, "2026-12-07T11:59:00Z"), // ended
      top: [slot(8), slot(9, "2026-12-07T13:00:00Z"), slot(10)], // 9 not started, 10 not public (absent from placed)
    };
    const page = arrangeFrontPage(layout, now, cards(7, 8, 9), latest);
    expect(page.lead?.id).toBe(100);
    expect(ids(page.top)).toEqual([8, 101, 102]);
  });

  it("always shows at least three and at most six top stories", () => {
    expect(arrangeFrontPage({ ...EMPTY_LAYOUT, top: [slot(7)] }, now, cards(7), latest).top).toHaveLength(FRONT_PAGE_LIMITS.topMin);
    const six = [1, 2, 3, 4, 5, 6].map((id) => slot(id));
    expect(arrangeFrontPage({ ...EMPTY_LAYOUT, top: six }, now, cards(1, 2, 3, 4, 5, 6), latest).top).toHaveLength(6);
  });

  it("shows the featured strip only with a live story, and may repeat the lead in it", () => {
    const featured = { label: "تغطية مباشرة", slots: [slot(7), slot(8, "2026-12-08T00:00:00Z")] };
    const page = arrangeFrontPage({ ...EMPTY_LAYOUT, lead: slot(7), featured }, now, cards(7, 8), latest);
    expect(page.featured).toEqual({ label: "تغطية مباشرة", stories: [card(7)] });
    expect(page.lead?.id).toBe(7);
    const ended = arrangeFrontPage({ ...EMPTY_LAYOUT, featured: { ...featured, slots: [slot(8, "2026-12-08T00:00:00Z")] } }, now, cards(8), latest);
    expect(ended.featured).toBeNull();
  });

  it("never shows a story twice when there are too few stories to fill every slot", () => {
    const page = arrangeFrontPage(EMPTY_LAYOUT, now, new Map(), [card(1), card(2)]);
    expect(page.lead?.id).toBe(1);
    expect(ids(page.top)).toEqual([2]);
    expect(page.latest).toEqual([]);
    expect(arrangeFrontPage(EMPTY_LAYOUT, now, new Map(), []).lead).toBeNull();
  });
});

describe("withoutStory and crossesScheduleBoundary", () => {
  const layout: FrontPageLayout = {
    lead: slot(7),
    top: [slot(8), slot(7 + 2, "2026-12-07T12:30:00Z")],
    featured: { label: "ملف", slots: [slot(7)] },
    sectionOrder: [3, 1],
  };

  it("removes a story from every slot, and an emptied featured strip with it", () => {
    expect(withoutStory(layout, 7)).toEqual({ lead: null, top: layout.top, featured: null, sectionOrder: [3, 1] });
    expect(withoutStory(layout, 8).top).toEqual([slot(9, "2026-12-07T12:30:00Z")]);
  });

  it("sees a slot start or end inside (since, now] only", () => {
    expect(crossesScheduleBoundary(layout, new Date("2026-12-07T12:29:00Z"), new Date("2026-12-07T12:30:00Z"))).toBe(true);
    expect(crossesScheduleBoundary(layout, new Date("2026-12-07T12:30:00Z"), new Date("2026-12-07T12:31:00Z"))).toBe(false);
    expect(crossesScheduleBoundary(layout, new Date("2026-12-07T12:00:00Z"), new Date("2026-12-07T12:29:59Z"))).toBe(false);
  });
});

describe("orderSectionBlocks", () => {
  it("puts the editors' sections first in their order, the rest after in their own order", () => {
    const blocks = [1, 2, 3, 4].map((id) => ({ section: { id } }));
    expect(orderSectionBlocks(blocks, [3, 1]).map((b) => b.section.id)).toEqual([3, 1, 2, 4]);
    expect(orderSectionBlocks(blocks, []).map((b) => b.section.id)).toEqual([1, 2, 3, 4]);
  });
});

describe("parseFrontPageInput", () => {
  const fieldErrors = (input: unknown) => {
    try {
      parseFrontPageInput(input, "Asia/Riyadh");
    } catch (error) {
      if (error instanceof ValidationError) return error.fieldErrors;
      throw error;
    }
    return {};
  };

  it("turns wall-clock times in the site's zone into instants", () => {
    const layout = parseFrontPageInput(
      { lead: { articleId: 5, from: "2026-12-07T15:00", until: "" }, top: [], featured: null, sectionOrder: [2, 2, 1] },
      "Asia/Riyadh",
    );
    expect(layout.lead).toEqual({ articleId: 5, from: "2026-12-07T12:00:00.000Z", until: null });
    expect(layout.sectionOrder).toEqual([2, 1]);
  });

  it("names the field of every mistake", () => {
    expect(
      fieldErrors({
        lead: { articleId: 5, from: "2026-02-30T10:00", until: "" },
        top: [{ articleId: 6, from: "2026-12-07T15:00", until: "2026-12-07T14:00" }, { articleId: 5 }],
      }),
    ).toEqual({
      "lead.from": ["تاريخ أو وقت غير صالح"],
      "top.0.until": ["يجب أن تأتي النهاية بعد البداية"],
      "top.1.articleId": ["هذا الخبر موضوع في مكان آخر من الواجهة"],
    });
    expect(Object.keys(fieldErrors({ featured: { label: "", slots: [] } })).sort()).toEqual(["featured.label", "featured.slots"]);
    expect(Object.keys(fieldErrors({ top: Array.from({ length: 7 }, (_, i) => ({ articleId: i + 1 })) }))).toEqual(["top"]);
    expect(Object.keys(fieldErrors({ lead: { articleId: "x" } }))).toEqual(["lead.articleId"]);
  });

  it("lets the featured strip repeat a lead or top story, but not itself", () => {
    const layout = parseFrontPageInput({ lead: { articleId: 5 }, featured: { label: "مباشر", slots: [{ articleId: 5 }] } }, "UTC");
    expect(layout.featured?.slots).toEqual([slot(5)]);
    expect(fieldErrors({ featured: { label: "مباشر", slots: [{ articleId: 5 }, { articleId: 5 }] } })).toEqual({
      "featured.slots.1.articleId": ["هذا الخبر موضوع في مكان آخر من الواجهة"],
    });
  });
});
