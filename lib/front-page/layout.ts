import { z } from "zod";
import type { FrontPageLayout, FrontPageSlot } from "@/db/schema";
import { ValidationError } from "@/lib/errors";
import { zonedDateTimeToUtc } from "@/lib/i18n/dates";

// The front page's arrangement as data: what an editor may save, which slots are live at a given
// instant, and how the page is filled. Pure functions, shared by the admin, the home page, the
// scheduler and the tests; reads and writes are in queries.ts and commands.ts beside this file.

export const FRONT_PAGE_LIMITS = {
  /** Top stories beside the lead: editors place up to six, and the page always shows at least three. */
  topMax: 6,
  topMin: 3,
  /** Top stories shown when editors placed none. */
  topDefault: 4,
  featuredMax: 4,
  featuredLabelMax: 60,
  /** The plain «آخر الأخبار» list under the lead. */
  latest: 8,
} as const;

export const EMPTY_LAYOUT: FrontPageLayout = { lead: null, top: [], featured: null, sectionOrder: [] };

/** A slot is live from `from` (inclusive) until `until` (exclusive); a missing bound is open. */
export function isSlotLive(slot: FrontPageSlot, now: Date): boolean {
  const at = now.getTime();
  return (slot.from === null || Date.parse(slot.from) <= at) && (slot.until === null || at < Date.parse(slot.until));
}

export function slotsOf(layout: FrontPageLayout): FrontPageSlot[] {
  return [...(layout.lead ? [layout.lead] : []), ...layout.top, ...(layout.featured?.slots ?? [])];
}

export function storyIdsOf(layout: FrontPageLayout): number[] {
  return [...new Set(slotsOf(layout).map((slot) => slot.articleId))];
}

/** The layout with every slot holding `articleId` removed (a featured strip left empty goes too). */
export function withoutStory(layout: FrontPageLayout, articleId: number): FrontPageLayout {
  const keep = (slot: FrontPageSlot) => slot.articleId !== articleId;
  const featuredSlots = layout.featured?.slots.filter(keep) ?? [];
  return {
    lead: layout.lead && keep(layout.lead) ? layout.lead : null,
    top: layout.top.filter(keep),
    featured: layout.featured && featuredSlots.length ? { ...layout.featured, slots: featuredSlots } : null,
    sectionOrder: layout.sectionOrder,
  };
}

/**
 * Whether a slot starts or ends in (since, now]: the page then changes with no write to announce
 * it, so the scheduler expires the cached home page (lib/articles/schedule).
 */
export function crossesScheduleBoundary(layout: FrontPageLayout, since: Date, now: Date): boolean {
  return slotsOf(layout)
    .flatMap((slot) => [slot.from, slot.until])
    .some((bound) => bound !== null && Date.parse(bound) > since.getTime() && Date.parse(bound) <= now.getTime());
}

export type ArrangedFrontPage<Card> = {
  lead: Card | null;
  top: Card[];
  featured: { label: string; stories: Card[] } | null;
  latest: Card[];
};

/**
 * Fills the front page. `placed` holds the cards of the layout's stories that are public now (the
 * caller applies the visibility rule); `latest` is the newest public stories, newest first. A live
 * slot shows its story; an empty slot, one outside its schedule, or one whose story is not public
 * takes the newest story not already on the page. The stories editors placed are kept off the
 * fallbacks and the «آخر الأخبار» list, so nothing appears twice.
 */
export function arrangeFrontPage<Card extends { id: number }>(
  layout: FrontPageLayout,
  now: Date,
  placed: Map<number, Card>,
  latest: Card[],
): ArrangedFrontPage<Card> {
  const liveCard = (slot: FrontPageSlot | null | undefined) => (slot && isSlotLive(slot, now) ? placed.get(slot.articleId) : undefined);
  const used = new Set<number>();
  const take = (card: Card | undefined) => {
    if (!card || used.has(card.id)) return undefined;
    used.add(card.id);
    return card;
  };
  const lead = take(liveCard(layout.lead));
  const topCount = Math.min(
    FRONT_PAGE_LIMITS.topMax,
    Math.max(FRONT_PAGE_LIMITS.topMin, layout.top.length || FRONT_PAGE_LIMITS.topDefault),
  );
  const top: (Card | undefined)[] = Array.from({ length: topCount }, (_, index) => take(liveCard(layout.top[index])));
  const featuredStories = (layout.featured?.slots ?? []).map(liveCard).filter((card): card is Card => card !== undefined);
  for (const card of featuredStories) used.add(card.id);

  const fallbacks = latest.filter((card) => !used.has(card.id));
  const nextFallback = () => take(fallbacks.shift());
  const filledLead = lead ?? nextFallback() ?? null;
  const filledTop = top.map((card) => card ?? nextFallback()).filter((card): card is Card => card !== undefined);
  return {
    lead: filledLead,
    top: filledTop,
    featured: layout.featured && featuredStories.length ? { label: layout.featured.label, stories: featuredStories } : null,
    latest: fallbacks.filter((card) => !used.has(card.id)).slice(0, FRONT_PAGE_LIMITS.latest),
  };
}

/** Orders section blocks as the editors chose; sections they did not place keep their own order, after. */
export function orderSectionBlocks<Block extends { section: { id: number } }>(blocks: Block[], sectionOrder: number[]): Block[] {
  const rank = new Map(sectionOrder.map((id, index) => [id, index]));
  return blocks
    .map((block, index) => ({ block, key: rank.get(block.section.id) ?? sectionOrder.length + index }))
    .sort((a, b) => a.key - b.key)
    .map(({ block }) => block);
}

// ---------------------------------------------------------------------------------------------
// What the admin form sends: the layout as JSON, with dates as the editor typed them (wall-clock
// time in the site's zone, "2026-12-07T18:00"), turned into instants here.

const localDateTime = z.union([z.string().trim().max(40), z.null()]).optional().transform((value) => value || null);

const slotInput = z.object({
  articleId: z.coerce.number({ error: "اختر خبراً" }).int("اختر خبراً").positive("اختر خبراً"),
  from: localDateTime,
  until: localDateTime,
});

export const frontPageInputSchema = z.object({
  lead: slotInput.nullable().default(null),
  top: z.array(slotInput).max(FRONT_PAGE_LIMITS.topMax, `ستة أخبار بارزة على الأكثر`).default([]),
  featured: z
    .object({
      label: z
        .string()
        .trim()
        .min(1, "اكتب عنواناً للشريط المميّز")
        .max(FRONT_PAGE_LIMITS.featuredLabelMax, `عنوان الشريط ${FRONT_PAGE_LIMITS.featuredLabelMax} حرفاً على الأكثر`),
      slots: z
        .array(slotInput)
        .min(1, "أضف خبراً واحداً على الأقل إلى الشريط المميّز، أو ألغِ الشريط")
        .max(FRONT_PAGE_LIMITS.featuredMax, `أربعة أخبار على الأكثر في الشريط المميّز`),
    })
    .nullable()
    .default(null),
  sectionOrder: z.array(z.coerce.number().int().positive()).max(200).default([]),
});

export type FrontPageInput = z.input<typeof frontPageInputSchema>;

/**
 * The form's layout → a FrontPageLayout with instants, or a ValidationError whose keys name the
 * field ("top.2.until", "featured.label") so the form can show each message beside its input.
 */
export function parseFrontPageInput(input: unknown, timeZone: string): FrontPageLayout {
  const parsed = frontPageInputSchema.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (errors[issue.path.map(String).join(".") || "form"] ??= []).push(issue.message);
    throw new ValidationError(errors);
  }
  const errors: Record<string, string[]> = {};
  const addError = (key: string, message: string) => (errors[key] ??= []).push(message);
  // `taken` is the set a story may appear in only once: lead and top stories share one, and the
  // strip has its own, since it may repeat a story placed above (a live coverage can lead too).
  const toSlot = (slot: z.output<typeof slotInput>, path: string, taken: Set<number>): FrontPageSlot => {
    const instant = (value: string | null, key: "from" | "until") => {
      if (value === null) return null;
      const at = zonedDateTimeToUtc(value, timeZone);
      if (!at) addError(`${path}.${key}`, "تاريخ أو وقت غير صالح");
      return at?.toISOString() ?? null;
    };
    const from = instant(slot.from, "from");
    const until = instant(slot.until, "until");
    if (from && until && Date.parse(until) <= Date.parse(from)) addError(`${path}.until`, "يجب أن تأتي النهاية بعد البداية");
    if (taken.has(slot.articleId)) addError(`${path}.articleId`, "هذا الخبر موضوع في مكان آخر من الواجهة");
    taken.add(slot.articleId);
    return { articleId: slot.articleId, from, until };
  };
  const data = parsed.data;
  const aboveTheStrip = new Set<number>();
  const inTheStrip = new Set<number>();
  const layout: FrontPageLayout = {
    lead: data.lead ? toSlot(data.lead, "lead", aboveTheStrip) : null,
    top: data.top.map((slot, index) => toSlot(slot, `top.${index}`, aboveTheStrip)),
    featured: data.featured
      ? { label: data.featured.label, slots: data.featured.slots.map((slot, index) => toSlot(slot, `featured.slots.${index}`, inTheStrip)) }
      : null,
    sectionOrder: [...new Set(data.sectionOrder)],
  };
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return layout;
}
