import { describe, it, expect } from "vitest";
import {
  type DateConfig,
  formatArticleDate,
  formatHijriDate,
  formatRelativeTime,
  formatShortDate,
  toIsoWithOffset,
  toRfc822,
  toZonedInputValue,
  zonedDateTimeToUtc,
} from "@/lib/i18n/dates";

const riyadh: DateConfig = { timeZone: "Asia/Riyadh", digits: "latn", showHijri: false };
const published = new Date("2026-11-28T11:05:00Z");

describe("formatArticleDate", () => {
  it("writes the weekday, Arabic month and 24-hour time in the site's zone", () => {
    expect(formatArticleDate(published, riyadh)).toBe("السبت 28 نوفمبر 2026، 14:05");
  });

  it("uses Arabic-Indic digits when configured", () => {
    expect(formatArticleDate(published, { ...riyadh, digits: "arab" })).toBe("السبت ٢٨ نوفمبر ٢٠٢٦، ١٤:٠٥");
  });

  it("follows the configured time zone across midnight", () => {
    expect(formatArticleDate(new Date("2026-01-02T23:30:00Z"), riyadh)).toBe("السبت 3 يناير 2026، 02:30");
    expect(formatArticleDate(new Date("2026-01-02T23:30:00Z"), { ...riyadh, timeZone: "UTC" })).toBe(
      "الجمعة 2 يناير 2026، 23:30",
    );
  });

  it("appends the Umm al-Qura Hijri date when configured", () => {
    expect(formatArticleDate(published, { ...riyadh, showHijri: true })).toBe(
      "السبت 28 نوفمبر 2026، 14:05 الموافق 18 جمادى الآخرة 1448 هـ",
    );
    expect(formatHijriDate(new Date("2026-03-20T12:00:00Z"), riyadh)).toBe("1 شوال 1447 هـ");
  });
});

describe("formatShortDate", () => {
  it("writes day, month and year", () => {
    expect(formatShortDate(published, riyadh)).toBe("28 نوفمبر 2026");
  });
});

describe("formatRelativeTime", () => {
  const now = published;
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

  it.each([
    [0, "الآن"],
    [0.9, "الآن"],
    [1, "منذ دقيقة"],
    [2, "منذ دقيقتين"],
    [3, "منذ 3 دقائق"],
    [5, "منذ 5 دقائق"],
    [10, "منذ 10 دقائق"],
    [11, "منذ 11 دقيقة"],
    [59, "منذ 59 دقيقة"],
    [60, "منذ ساعة"],
    [125, "منذ ساعتين"],
    [180, "منذ 3 ساعات"],
    [600, "منذ 10 ساعات"],
    [660, "منذ 11 ساعة"],
    [23 * 60 + 59, "منذ 23 ساعة"],
    [24 * 60, "منذ يوم"],
    [2 * 24 * 60, "منذ يومين"],
    [3 * 24 * 60, "منذ 3 أيام"],
    [7 * 24 * 60 - 1, "منذ 6 أيام"],
    [7 * 24 * 60, "21 نوفمبر 2026"],
  ])("%s minutes ago reads «%s»", (minutes, expected) => {
    expect(formatRelativeTime(ago(minutes), now, riyadh)).toBe(expected);
  });

  it("uses Arabic-Indic digits when configured", () => {
    expect(formatRelativeTime(ago(5), now, { ...riyadh, digits: "arab" })).toBe("منذ ٥ دقائق");
  });

  it("treats a slightly early clock as now and the future as a date", () => {
    expect(formatRelativeTime(ago(-0.5), now, riyadh)).toBe("الآن");
    expect(formatRelativeTime(ago(-3 * 24 * 60), now, riyadh)).toBe("1 ديسمبر 2026");
  });
});

describe("toIsoWithOffset", () => {
  it.each([
    ["Asia/Riyadh", "2026-11-28T14:05:00+03:00"],
    ["UTC", "2026-11-28T11:05:00+00:00"],
    ["America/New_York", "2026-11-28T06:05:00-05:00"],
    ["Asia/Kolkata", "2026-11-28T16:35:00+05:30"],
  ])("writes the offset of %s", (timeZone, expected) => {
    expect(toIsoWithOffset(published, timeZone)).toBe(expected);
  });

  it("follows daylight saving time", () => {
    expect(toIsoWithOffset(new Date("2026-07-01T12:00:00Z"), "Europe/Berlin")).toBe("2026-07-01T14:00:00+02:00");
    expect(toIsoWithOffset(new Date("2026-01-01T12:00:00Z"), "Europe/Berlin")).toBe("2026-01-01T13:00:00+01:00");
  });
});

describe("toRfc822", () => {
  it("writes English names in UTC with +0000", () => {
    expect(toRfc822(published)).toBe("Sat, 28 Nov 2026 11:05:00 +0000");
    expect(toRfc822(new Date("2026-03-01T00:00:09Z"))).toBe("Sun, 01 Mar 2026 00:00:09 +0000");
  });
});

describe("zonedDateTimeToUtc", () => {
  it("reads a wall-clock time in the site's zone", () => {
    expect(zonedDateTimeToUtc("2026-11-28T14:05", "Asia/Riyadh")?.toISOString()).toBe("2026-11-28T11:05:00.000Z");
    expect(zonedDateTimeToUtc("2026-07-01T12:00", "Europe/London")?.toISOString()).toBe("2026-07-01T11:00:00.000Z");
    expect(zonedDateTimeToUtc("2026-01-15T12:00:30", "Europe/London")?.toISOString()).toBe(
      "2026-01-15T12:00:30.000Z",
    );
  });

  it("moves a time skipped by the spring change past the gap", () => {
    expect(zonedDateTimeToUtc("2026-03-08T02:30", "America/New_York")?.toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(zonedDateTimeToUtc("2026-03-29T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("takes the first occurrence of a time repeated in autumn", () => {
    expect(zonedDateTimeToUtc("2026-11-01T01:30", "America/New_York")?.toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(zonedDateTimeToUtc("2026-10-25T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it.each(["", "nope", "2026-02-30T10:00", "2026-07-01T24:00", "2026-7-1T10:00", "2026-07-01 10:00"])(
    "rejects %j",
    (input) => {
      expect(zonedDateTimeToUtc(input, "UTC")).toBeNull();
    },
  );
});

describe("toZonedInputValue", () => {
  it("writes the wall-clock time for a datetime-local input", () => {
    expect(toZonedInputValue(published, "Asia/Riyadh")).toBe("2026-11-28T14:05");
    expect(toZonedInputValue(published, "America/New_York")).toBe("2026-11-28T06:05");
  });

  it("round-trips with zonedDateTimeToUtc", () => {
    const value = toZonedInputValue(published, "Europe/Berlin");
    expect(zonedDateTimeToUtc(value, "Europe/Berlin")?.toISOString()).toBe(published.toISOString());
  });
});
