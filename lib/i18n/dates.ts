// Reader-facing dates are Arabic and follow the site's configuration; machine
// formats (feeds, sitemaps, forms) never depend on the locale.

export type DateConfig = {
  timeZone: string;
  digits: "latn" | "arab";
  showHijri: boolean;
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const RELATIVE_DAYS_LIMIT = 7;

// Building a formatter costs far more than using one, and list pages format
// dozens of dates with the same options.
const formatters = new Map<string, Intl.DateTimeFormat>();

function getFormatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}

// ar-EG names the months يناير…ديسمبر, the names most Arab newsrooms print.
function arabicLocale(cfg: DateConfig, calendar?: string): string {
  return calendar ? `ar-EG-u-ca-${calendar}-nu-${cfg.digits}` : `ar-EG-u-nu-${cfg.digits}`;
}

function partsByType(parts: Intl.DateTimeFormatPart[]): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  const byType: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of parts) byType[part.type] ??= part.value;
  return byType;
}

/** «السبت 28 نوفمبر 2026، 14:05», followed by the Hijri date when configured. */
export function formatArticleDate(date: Date, cfg: DateConfig): string {
  const parts = partsByType(
    getFormatter(arabicLocale(cfg), {
      timeZone: cfg.timeZone,
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(date),
  );
  const gregorian = `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}، ${parts.hour}:${parts.minute}`;
  const hijri = cfg.showHijri ? formatHijriDate(date, cfg) : null;
  return hijri ? `${gregorian} الموافق ${hijri}` : gregorian;
}

/** «17 جمادى الآخرة 1448 هـ», or null where the runtime lacks the Umm al-Qura calendar. */
export function formatHijriDate(date: Date, cfg: DateConfig): string | null {
  const formatter = getFormatter(arabicLocale(cfg, "islamic-umalqura"), {
    timeZone: cfg.timeZone,
    day: "numeric",
    month: "long",
    year: "numeric",
  });
  // Node built with small-icu silently falls back to the Gregorian calendar.
  if (formatter.resolvedOptions().calendar !== "islamic-umalqura") return null;
  const parts = partsByType(formatter.formatToParts(date));
  return `${parts.day} ${parts.month} ${parts.year} هـ`;
}

/** «28 نوفمبر 2026» */
export function formatShortDate(date: Date, cfg: DateConfig): string {
  const parts = partsByType(
    getFormatter(arabicLocale(cfg), {
      timeZone: cfg.timeZone,
      day: "numeric",
      month: "long",
      year: "numeric",
    }).formatToParts(date),
  );
  return `${parts.day} ${parts.month} ${parts.year}`;
}

/** «14:05» in the site's zone: a live entry's time, beside which the day is shown only when it is not today's. */
export function formatClockTime(date: Date, cfg: DateConfig): string {
  const parts = partsByType(
    getFormatter(arabicLocale(cfg), { timeZone: cfg.timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(date),
  );
  return `${parts.hour}:${parts.minute}`;
}

export type CountedNoun = Record<"one" | "two" | "few" | "many" | "other", string>;

// Arabic counts take four noun forms: singular (1), dual (2), plural (3–10)
// and accusative or genitive singular (11 and up). Intl.RelativeTimeFormat
// says «قبل 5 دقائق»; newsrooms write «منذ», so the phrases are ours.
const MINUTES: CountedNoun = { one: "دقيقة", two: "دقيقتين", few: "دقائق", many: "دقيقة", other: "دقيقة" };
export const HOURS: CountedNoun = { one: "ساعة", two: "ساعتين", few: "ساعات", many: "ساعة", other: "ساعة" };
const DAYS: CountedNoun = { one: "يوم", two: "يومين", few: "أيام", many: "يومًا", other: "يوم" };

const arabicPluralRules = new Intl.PluralRules("ar");
const numberFormats: Record<DateConfig["digits"], Intl.NumberFormat> = {
  latn: new Intl.NumberFormat("ar-u-nu-latn", { useGrouping: false }),
  arab: new Intl.NumberFormat("ar-u-nu-arab", { useGrouping: false }),
};

/** «ساعة», «ساعتين», «5 ساعات», «24 ساعة»: a count with its noun in the form Arabic asks for. */
export function formatCount(count: number, noun: CountedNoun, digits: DateConfig["digits"]): string {
  const category = arabicPluralRules.select(count);
  if (category === "one") return noun.one;
  if (category === "two") return noun.two;
  const form = category === "few" ? noun.few : category === "many" ? noun.many : noun.other;
  return `${numberFormats[digits].format(count)} ${form}`;
}

function sinceCount(count: number, noun: CountedNoun, cfg: DateConfig): string {
  return `منذ ${formatCount(count, noun, cfg.digits)}`;
}

/** «الآن», «منذ 5 دقائق», «منذ ساعتين», «منذ 3 أيام»; a short date after a week. */
export function formatRelativeTime(date: Date, now: Date, cfg: DateConfig): string {
  const elapsed = now.getTime() - date.getTime();
  // A clock a few seconds ahead of the server must not print a date in the future.
  if (elapsed < MINUTE_MS && elapsed > -MINUTE_MS) return "الآن";
  if (elapsed < 0) return formatShortDate(date, cfg);
  if (elapsed < HOUR_MS) return sinceCount(Math.floor(elapsed / MINUTE_MS), MINUTES, cfg);
  if (elapsed < DAY_MS) return sinceCount(Math.floor(elapsed / HOUR_MS), HOURS, cfg);
  if (elapsed < RELATIVE_DAYS_LIMIT * DAY_MS) return sinceCount(Math.floor(elapsed / DAY_MS), DAYS, cfg);
  return formatShortDate(date, cfg);
}

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallClockIn(date: Date, timeZone: string): WallClock {
  const parts = partsByType(
    getFormatter("en-US-u-nu-latn", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    }).formatToParts(date),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

function wallClockAsUtcMs(wall: WallClock): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

function offsetMsAt(utcMs: number, timeZone: string): number {
  const wholeSecondMs = Math.floor(utcMs / 1000) * 1000;
  return wallClockAsUtcMs(wallClockIn(new Date(wholeSecondMs), timeZone)) - wholeSecondMs;
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** `2026-11-28T14:05:00+03:00`: the wall-clock time in `timeZone` with its offset, never `Z`. */
export function toIsoWithOffset(date: Date, timeZone: string): string {
  const wall = wallClockIn(date, timeZone);
  const offsetMinutes = Math.round(offsetMsAt(date.getTime(), timeZone) / MINUTE_MS);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const absolute = Math.abs(offsetMinutes);
  return (
    `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}` +
    `T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}` +
    `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`
  );
}

const ENGLISH_DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const ENGLISH_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** `Sat, 28 Nov 2026 11:05:00 +0000`, for RSS. */
export function toRfc822(date: Date): string {
  const day = ENGLISH_DAYS[date.getUTCDay()];
  const month = ENGLISH_MONTHS[date.getUTCMonth()];
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${day}, ${pad(date.getUTCDate())} ${month} ${date.getUTCFullYear()} ${time} +0000`;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant at which clocks in `timeZone` show `localIso` ("2026-11-28T14:05").
 * A time skipped by a DST change resolves to the same clock time after the
 * jump (02:30 → 03:30); a repeated one to its first occurrence. Returns null for
 * text that is not a real date and time.
 */
export function zonedDateTimeToUtc(localIso: string, timeZone: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(localIso.trim());
  if (!match) return null;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(1)
    .map((field) => Number(field ?? 0));
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wallMs);
  if (
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    return null;
  }

  // The offset a day either side of the wall time brackets any DST change.
  const offsetBefore = offsetMsAt(wallMs - DAY_MS, timeZone);
  const offsetAfter = offsetMsAt(wallMs + DAY_MS, timeZone);
  const exact = [wallMs - offsetBefore, wallMs - offsetAfter]
    .filter((utcMs) => utcMs + offsetMsAt(utcMs, timeZone) === wallMs)
    .sort((a, b) => a - b);
  return new Date(exact[0] ?? wallMs - offsetBefore);
}

/** "YYYY-MM-DDTHH:mm" in `timeZone`, the value an `<input type="datetime-local">` expects. */
export function toZonedInputValue(date: Date, timeZone: string): string {
  const wall = wallClockIn(date, timeZone);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}
