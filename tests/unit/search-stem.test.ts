import { describe, expect, it } from "vitest";
import { searchTokens, stemCandidates, toSearchIndexText, toSearchQueryGroups } from "@/lib/search/normalize";
import { lexiconForm } from "@/lib/search/stem";

const shareACandidate = (a: string, b: string) => stemCandidates(a).some((candidate) => stemCandidates(b).includes(candidate));

describe("protected names and places", () => {
  it.each([
    ["بوتين", "بوتين"],
    ["لبوتين", "بوتين"],
    ["وبوتين", "بوتين"],
    ["لبنان", "لبنان"],
    ["بلبنان", "لبنان"],
    ["الرياض", "رياض"],
    ["ومالي", "مالي"],
  ])("%s is only the name %s", (word, name) => {
    expect(stemCandidates(word)).toEqual([name]);
  });

  it("never reaches a name by stripping a suffix", () => {
    expect(stemCandidates("المالية")).not.toContain("مالي");
    expect(stemCandidates("الرياضة")).not.toContain("رياض");
    expect(stemCandidates("رياضياً")).not.toContain("رياض");
  });

  it("lets a place's nisba adjective stand for the place", () => {
    expect(stemCandidates("اللبنانية")).toContain("لبنان");
    expect(stemCandidates("السوداني")).toContain("سودان");
    expect(stemCandidates("السوري")).toContain("سوريا");
    expect(stemCandidates("الأمريكي")).toContain("امريكا");
  });
});

describe("name variants and synonyms", () => {
  it.each([
    ["ترمب", "ترامب"],
    ["بوتن", "بوتين"],
    ["إردوغان", "أردوغان"],
    ["جوجل", "غوغل"],
    ["ميكروسوفت", "مايكروسوفت"],
    ["سامسونج", "سامسونغ"],
    ["زيلنسكي", "زيلينسكي"],
    ["أميركا", "أمريكا"],
    ["مشفى", "مستشفى"],
  ])("%s finds %s", (variant, name) => {
    expect(shareACandidate(variant, name)).toBe(true);
  });

  it("does not turn a variant into a stem of something else", () => {
    expect(stemCandidates("وترمب")).toEqual(["ترامب"]);
  });
});

describe("light-stemming gaps", () => {
  it.each([
    ["مطاراً", "مطار"],
    ["حكومته", "حكومة"],
    ["وزارتها", "وزارة"],
    ["رواتبهم", "رواتب"],
    ["حقوقكم", "حقوق"],
    ["مصارفنا", "مصارف"],
    ["صفقاته", "صفقة"],
    ["مسئول", "مسؤول"],
    ["شئون", "شؤون"],
  ])("%s meets %s", (a, b) => {
    expect(shareACandidate(a, b)).toBe(true);
  });
});

describe("broken plurals", () => {
  it.each([
    ["دول", "دولة"],
    ["مدن", "مدينة"],
    ["الأسعار", "سعر"],
    ["قوات", "قوة"],
    ["والسفراء", "سفير"],
    ["الأطباء", "طبيب"],
    ["مصانع", "مصنع"],
    ["بالأسواق", "سوق"],
    ["الوزراء", "وزير"],
    ["خطوط", "خط"],
  ])("%s meets %s, both ways", (plural, singular) => {
    expect(shareACandidate(plural, singular)).toBe(true);
    expect(shareACandidate(singular, plural)).toBe(true);
  });
});

describe("short words", () => {
  it("never indexes or searches the prepositions spelled with alef maqsura", () => {
    expect(searchTokens("وصل علي إلى القاهرة على متن")).toEqual(["وصل", "علي", "القاهره", "متن"]);
    expect(toSearchIndexText("على")).toBe("");
    expect(toSearchQueryGroups("علي")).toEqual([["علي"]]);
  });

  it.each([
    ["مالي", "آلية"],
    ["مالي", "إلى"],
    ["علي", "على"],
    ["الأمل", "الأمن"],
    ["ترام", "ترامب"],
    ["قطر", "قطار"],
    ["الرياض", "الرياضة"],
  ])("%s does not meet %s", (a, b) => {
    expect(shareACandidate(a, b)).toBe(false);
  });

  it("splits digits from the letters glued to them", () => {
    expect(searchTokens("و25 محطة")).toEqual(["و", "25", "محطه"]);
  });
});

describe("lexiconForm", () => {
  it("compares words without their clitics, and names as their one spelling", () => {
    expect(lexiconForm("الامل")).toBe("امل");
    expect(lexiconForm("والاولمبيه")).toBe("اولمبيه");
    expect(lexiconForm("وترمب")).toBe("ترامب");
    expect(lexiconForm("بيانات")).toBe("بيانات");
  });
});
