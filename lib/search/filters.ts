// What a reader asked the search page for, read from its URL, and the URLs of every other choice.
// The page has no client JavaScript: each filter, sort and page is a plain link or a GET form, so
// this one module both reads the parameters and writes them back.
import { zonedDateTimeToUtc } from "@/lib/i18n/dates";
import { cutQuery } from "@/lib/search/normalize";
import { paths } from "@/lib/urls";

export const SEARCH_MAX_PAGES = 50;

export const SEARCH_PERIODS = {
  day: { label: "آخر يوم", hours: 24 },
  week: { label: "آخر أسبوع", hours: 7 * 24 },
  month: { label: "آخر شهر", hours: 30 * 24 },
} as const;
export type SearchPeriod = keyof typeof SEARCH_PERIODS;
export type SearchSort = "relevance" | "newest";

export type SearchRequest = {
  query: string;
  page: number;
  /** A section slug; the page drops one that names no section. */
  section: string | null;
  period: SearchPeriod | null;
  /** A custom range's first and last day (YYYY-MM-DD, in the site's time zone), as typed when valid. */
  from: string | null;
  to: string | null;
  sort: SearchSort;
  /** The custom range's fields that could not be used, with the message shown beside each. */
  errors: { from?: string; to?: string };
  /** The custom range as typed, so a range that could not be used is shown back to be corrected. */
  typed: { from: string; to: string };
};

type Params = Record<string, string | string[] | undefined>;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SLUG_SHAPE = /^[\p{L}\p{N}-]{1,80}$/u;
const MESSAGES = {
  badDate: "اكتب التاريخ بالشكل سنة-شهر-يوم، مثل 2026-11-29.",
  toBeforeFrom: "تاريخ النهاية يسبق تاريخ البداية.",
} as const;

const single = (value: string | string[] | undefined) => (typeof value === "string" ? value.trim() : "");

/** A real calendar day, or null: 2026-02-30 is not one. */
function readDay(value: string): string | null {
  const match = DAY.exec(value);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const check = new Date(Date.UTC(year, month - 1, day));
  const real = year >= 1900 && check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
  return real ? value : null;
}

/** Reads the search page's URL. Nothing a reader types breaks the page: what cannot be used is dropped or explained. */
export function readSearchRequest(params: Params): SearchRequest {
  // An overlong query is cut and answered, never refused.
  const query = cutQuery(single(params.q).replace(/\s+/g, " ")).trim();
  const pageText = single(params.page);
  const page = /^\d{1,3}$/.test(pageText) ? Math.min(Math.max(Number(pageText), 1), SEARCH_MAX_PAGES) : 1;
  const sectionText = single(params.section);
  const periodText = single(params.period);
  const errors: SearchRequest["errors"] = {};
  const fromText = single(params.from);
  const toText = single(params.to);
  let from = fromText ? readDay(fromText) : null;
  let to = toText ? readDay(toText) : null;
  if (fromText && !from) errors.from = MESSAGES.badDate;
  if (toText && !to) errors.to = MESSAGES.badDate;
  if (from && to && to < from) {
    errors.to = MESSAGES.toBeforeFrom;
    to = null;
    from = null;
  }
  const customRange = from !== null || to !== null;
  return {
    query,
    page,
    section: SLUG_SHAPE.test(sectionText) ? sectionText : null,
    // A custom range replaces a preset one: the form that sets it has no period field.
    period: !customRange && Object.hasOwn(SEARCH_PERIODS, periodText) ? (periodText as SearchPeriod) : null,
    from,
    to,
    sort: single(params.sort) === "newest" ? "newest" : "relevance",
    errors,
    typed: { from: fromText.slice(0, 32), to: toText.slice(0, 32) },
  };
}

/** The first and the end instant of the stories asked for (end exclusive); null where open. */
export function searchWindow(request: SearchRequest, now: Date, timeZone: string): { since: Date | null; until: Date | null } {
  if (request.period) return { since: new Date(now.getTime() - SEARCH_PERIODS[request.period].hours * 3_600_000), until: null };
  const since = request.from ? zonedDateTimeToUtc(`${request.from}T00:00`, timeZone) : null;
  let until: Date | null = null;
  if (request.to) {
    // The day after the last one, at midnight there: the range includes all of its last day.
    const [year, month, day] = request.to.split("-").map(Number) as [number, number, number];
    const next = new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
    until = zonedDateTimeToUtc(`${next}T00:00`, timeZone);
  }
  return { since, until };
}

type HrefChoices = Pick<SearchRequest, "query" | "section" | "period" | "from" | "to" | "sort"> & { page?: number };

/**
 * The URL of a search with some choices changed. Defaults are left out, so the canonical
 * `/search?q=…` stays what crawlers and caches know. Changing a filter or the sort goes back to
 * page 1: the old page number counts results that are no longer there.
 */
export function searchHref(current: HrefChoices, changes: Partial<HrefChoices> = {}): string {
  const next = { ...current, page: undefined, ...changes };
  const params: [string, string][] = [];
  if (next.section) params.push(["section", next.section]);
  if (next.period) params.push(["period", next.period]);
  if (next.from) params.push(["from", next.from]);
  if (next.to) params.push(["to", next.to]);
  if (next.sort === "newest") params.push(["sort", "newest"]);
  if (next.page && next.page > 1) params.push(["page", String(next.page)]);
  return paths.search(next.query) + params.map(([name, value]) => `&${name}=${encodeURIComponent(value)}`).join("");
}

/** Whether any filter narrows the search (the sort does not). */
export const isFiltered = (request: Pick<SearchRequest, "section" | "period" | "from" | "to">) =>
  Boolean(request.section || request.period || request.from || request.to);
