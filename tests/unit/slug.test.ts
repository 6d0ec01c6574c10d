import { describe, it, expect } from "vitest";
import { encodePathSegment, isSameSlug, slugify } from "@/lib/i18n/slug";

describe("slugify", () => {
  it("keeps Arabic letters and joins words with hyphens", () => {
    expect(slugify("بوتين يستقبل ويتكوف في الكرملين")).toBe("بوتين-يستقبل-ويتكوف-في-الكرملين");
  });

  it("drops tashkeel and tatweel but keeps hamza and ta marbuta", () => {
    expect(slugify("الرِّئَاسَةُ الأمـــريكيّة تُؤكِّد")).toBe("الرئاسة-الأمريكية-تؤكد");
    expect(slugify("إلى مستشفى آخر")).toBe("إلى-مستشفى-آخر");
  });

  it("replaces Arabic and Latin punctuation and quotes", () => {
    expect(slugify("«عاجل»: ترامب، بوتين؛ لماذا؟ \"نعم\" 'لا' a.b/c?d#e")).toBe(
      "عاجل-ترامب-بوتين-لماذا-نعم-لا-a-b-c-d-e",
    );
  });

  it("lower-cases Latin and maps Arabic-Indic and Persian digits", () => {
    expect(slugify("Steve Witkoff يزور موسكو ٢٨ نوفمبر ۲۰۲۶")).toBe("steve-witkoff-يزور-موسكو-28-نوفمبر-2026");
  });

  it("collapses and trims separators", () => {
    expect(slugify("  -- بوتين --- ... ترامب --  ")).toBe("بوتين-ترامب");
  });

  it("drops invisible formatting instead of splitting words", () => {
    expect(slugify("بوتين\u200f يقول\u200c")).toBe("بوتين-يقول");
  });

  it("caps the length at a word boundary", () => {
    const title = "الرئيس الروسي يستقبل المبعوث الأمريكي في الكرملين لبحث التسوية";
    const slug = slugify(title, 30);
    expect(slug).toBe("الرئيس-الروسي-يستقبل-المبعوث");
    expect(Array.from(slug).length).toBeLessThanOrEqual(30);
  });

  it("keeps the default cap of 80 characters", () => {
    const slug = slugify("كلمة ".repeat(40));
    expect(Array.from(slug).length).toBeLessThanOrEqual(80);
    expect(slug.endsWith("كلمة")).toBe(true);
  });

  it("cuts a single word longer than the cap", () => {
    expect(slugify("a".repeat(100), 10)).toBe("a".repeat(10));
  });

  it("returns an empty string when there is nothing to keep", () => {
    expect(slugify("")).toBe("");
    expect(slugify(" «» ، ؛ ؟ !!! ")).toBe("");
    expect(slugify("ـــ َ ُ")).toBe("");
  });

  it("is stable when applied twice", () => {
    const once = slugify("«الكرملين»: بوتين يلتقي Witkoff في ٢٠٢٦");
    expect(slugify(once)).toBe(once);
  });
});

describe("encodePathSegment", () => {
  it("percent-encodes Arabic into ASCII", () => {
    expect(encodePathSegment("بوتين-2026")).toBe("%D8%A8%D9%88%D8%AA%D9%8A%D9%86-2026");
  });
});

describe("isSameSlug", () => {
  it("matches encoded and decoded forms", () => {
    expect(isSameSlug("%D8%A8%D9%88%D8%AA%D9%8A%D9%86-2026", "بوتين-2026")).toBe(true);
  });

  it("matches NFC and NFD forms", () => {
    expect(isSameSlug("أحمد", "\u0627\u0654\u062d\u0645\u062f")).toBe(true);
  });

  it("tells different slugs apart and survives malformed escapes", () => {
    expect(isSameSlug("بوتين", "ترامب")).toBe(false);
    expect(isSameSlug("%E0%A4%A", "%E0%A4%A")).toBe(true);
    expect(isSameSlug("%E0%A4%A", "بوتين")).toBe(false);
  });
});
