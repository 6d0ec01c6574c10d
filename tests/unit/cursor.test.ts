import { describe, expect, it } from "vitest";
import { MAX_ROW_ID } from "@/db/ids";
import { likePattern } from "@/db/like";
import { decodeKeysetCursor, encodeIdCursor, encodeKeysetCursor } from "@/lib/pagination/cursor";

describe("keyset cursor codec", () => {
  it("round-trips a position, from a Date or an ISO string", () => {
    const at = new Date("2026-03-01T10:15:30.123Z");
    for (const position of [
      { at, id: 1 },
      { at, id: MAX_ROW_ID },
      { at: new Date(0), id: 42 },
    ]) {
      expect(decodeKeysetCursor(encodeKeysetCursor(position))).toEqual(position);
    }
    expect(decodeKeysetCursor(encodeKeysetCursor({ at: at.toISOString(), id: 7 }))).toEqual({ at, id: 7 });
  });

  it("writes short ASCII (base 36)", () => {
    expect(encodeKeysetCursor({ at: new Date(1_700_000_000_000), id: 35 })).toBe(`${(1_700_000_000_000).toString(36)}.z`);
  });

  it("decodes anything hostile or malformed to null, never throwing", () => {
    const hostile: unknown[] = [
      undefined,
      null,
      "",
      ".",
      "abc",
      "1.",
      ".1",
      "1.2.3",
      "1.0",
      "-1.1",
      "1.-1",
      "A.B",
      "1 .1",
      " 1.1",
      "1.1\n",
      "1.1%00",
      "١.١",
      "zzzzzzzzzzzz.1", // a time past what Date can hold
      "1.zzzzzzzzzz", // an id past int4
      `1.${(MAX_ROW_ID + 1).toString(36)}`,
      "1".repeat(13) + ".1",
      "1." + "1".repeat(11),
      "x".repeat(10_000),
      "__proto__",
      "constructor.toString",
      ["1.1"],
      { toString: () => "1.1" },
      42,
      Symbol("cursor"),
    ];
    for (const cursor of hostile) {
      expect(() => decodeKeysetCursor(cursor)).not.toThrow();
      expect(decodeKeysetCursor(cursor)).toBeNull();
    }
  });

  it("writes the API's id cursor in decimal", () => {
    expect(encodeIdCursor(1234)).toBe("1234");
  });
});

describe("likePattern", () => {
  it("matches the text anywhere and escapes ILIKE's wildcards and escape character", () => {
    expect(likePattern("ترمب")).toBe("%ترمب%");
    expect(likePattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});
