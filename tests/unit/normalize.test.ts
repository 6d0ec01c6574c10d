import { describe, it, expect } from "vitest";
import {
  highlightTerms,
  makeSnippet,
  normalizeArabic,
  stemCandidates,
  toSearchIndexText,
  toSearchQueryGroups,
  toTsQuery,
  tokenize,
} from "@/lib/search/normalize";

const shareACandidate = (a: string, b: string) => stemCandidates(a).some((candidate) => stemCandidates(b).includes(candidate));

describe("normalizeArabic", () => {
  it.each([
    ["أحمد", "احمد"],
    ["إسرائيل", "اسراييل"],
    ["آخر", "اخر"],
    ["ٱلله", "الله"],
    ["مستشفى", "مستشفي"],
    ["مدرسة", "مدرسه"],
    ["مؤتمر", "موتمر"],
    ["رئيس", "رييس"],
    ["سماء", "سماء"],
    ["ء", "ء"],
  ])("folds %s to %s", (input, expected) => {
    expect(normalizeArabic(input)).toBe(expected);
  });

  it("removes tashkeel, superscript alef and tatweel", () => {
    expect(normalizeArabic("الْكَرْمَلِينُ")).toBe("الكرملين");
    expect(normalizeArabic("هٰذا")).toBe("هذا");
    expect(normalizeArabic("مـــرحـبـا")).toBe("مرحبا");
    expect(normalizeArabic("مُحَمَّدٌ")).toBe("محمد");
  });

  it("treats decomposed hamza like the composed letter", () => {
    expect(normalizeArabic("\u0627\u0654\u062d\u0645\u062f")).toBe("احمد");
  });

  it("maps Arabic-Indic and Persian digits to ASCII", () => {
    expect(normalizeArabic("٠١٢٣٤٥٦٧٨٩")).toBe("0123456789");
    expect(normalizeArabic("۰۱۲۳۴۵۶۷۸۹")).toBe("0123456789");
    expect(normalizeArabic("عام ٢٠٢٦")).toBe("عام 2026");
  });

  it("lower-cases Latin, folds compatibility forms and accents", () => {
    expect(normalizeArabic("Steve WITKOFF")).toBe("steve witkoff");
    expect(normalizeArabic("Ｆｕｌｌ Café")).toBe("full cafe");
    expect(normalizeArabic("ﻻ")).toBe("لا");
  });

  it("folds Persian look-alike letters", () => {
    expect(normalizeArabic("کرملین")).toBe("كرملين");
  });

  it("drops invisible formatting and collapses whitespace", () => {
    expect(normalizeArabic("  بوتين\u200f \n\t ترامب\u200c  ")).toBe("بوتين ترامب");
  });

  it("is idempotent", () => {
    const once = normalizeArabic("وَالأَمْرِيكِيَّةُ «إنْ» ٣");
    expect(normalizeArabic(once)).toBe(once);
  });
});

describe("tokenize", () => {
  it("splits on Arabic and Latin punctuation and quotes", () => {
    expect(tokenize("«الكرملين»، قال: بوتين؛ لماذا؟ \"نعم\" 'لا'")).toEqual([
      "الكرملين",
      "قال",
      "بوتين",
      "لماذا",
      "نعم",
      "لا",
    ]);
  });

  it("keeps Latin names and digits inside Arabic text", () => {
    expect(tokenize("قال Steve Witkoff إن")).toEqual(["قال", "steve", "witkoff", "ان"]);
    expect(tokenize("مقتل ١٢ شخصاً في 2026")).toEqual(["مقتل", "12", "شخصا", "في", "2026"]);
  });

  it("returns nothing for punctuation only", () => {
    expect(tokenize(" «» ، ؛ ؟ ... ")).toEqual([]);
  });
});

describe("stemCandidates", () => {
  it.each([
    ["والكتاب", "كتاب"],
    ["فالكتاب", "كتاب"],
    ["بالكتاب", "كتاب"],
    ["كالكتاب", "كتاب"],
    ["للكتاب", "كتاب"],
    ["الكتاب", "كتاب"],
    ["وبالكتاب", "كتاب"],
    ["وكالكتاب", "كتاب"],
    ["فبالكتاب", "كتاب"],
    ["وللكتاب", "كتاب"],
    ["فللكتاب", "كتاب"],
    ["وكتاب", "كتاب"],
    ["فكتاب", "كتاب"],
    ["بكتاب", "كتاب"],
    ["ككتاب", "كتاب"],
    ["لكتاب", "كتاب"],
    ["وبكتاب", "كتاب"],
    ["ولروسيا", "روسيا"],
  ])("strips the prefix of %s down to %s", (word, stem) => {
    expect(stemCandidates(word)).toContain(stem);
  });

  it.each([
    ["كتابها", "كتاب"],
    ["مسلمان", "مسلم"],
    ["مسلمات", "مسلم"],
    ["مسلمون", "مسلم"],
    ["مسلمين", "مسلم"],
    ["مسلميه", "مسلم"],
    ["كتابه", "كتاب"],
    ["مصري", "مصر"],
    ["السياسية", "سياسي"],
    ["سياراتها", "سيار"],
    ["الفلسطينيين", "فلسطين"],
  ])("strips the suffix of %s down to %s", (word, stem) => {
    expect(stemCandidates(word)).toContain(stem);
  });

  it("always keeps the normalised word itself first", () => {
    expect(stemCandidates("وَالأَمْرِيكِيُّ")[0]).toBe("والامريكي");
  });

  it("lists every reading of ambiguous prefixes and suffixes", () => {
    expect(stemCandidates("بيانات")).toEqual(["بيانات", "بيان", "يانات", "يان"]);
    expect(stemCandidates("لبيانات")).toEqual(["لبيانات", "لبيان", "بيانات", "بيان"]);
    expect(stemCandidates("والكرملين")).toEqual(["والكرملين", "الكرملين", "كرملين", "كرمل"]);
    // The nisba adjective also stands for its place (lib/search/data/protected-words.ts).
    expect(stemCandidates("الأمريكية")).toEqual(["الامريكيه", "امريكيه", "امريكا", "امريكي", "امريك"]);
  });

  it("does not strip suffixes from readings that still carry the article", () => {
    expect(stemCandidates("والاقتصادية")).not.toContain("والاقتصاد");
    expect(stemCandidates("والاقتصادية")).toContain("اقتصاد");
  });

  it.each(["في", "من", "ان", "لا", "بيت", "ولد", "قال", "كان", "ترامب", "موسكو"])(
    "leaves %s unstemmed",
    (word) => {
      expect(stemCandidates(word)).toEqual([normalizeArabic(word)]);
    },
  );

  it("never produces a stem shorter than three letters", () => {
    for (const word of ["والله", "بها", "لهم", "فيها", "وبين", "كتبها", "للبيت", "وبالي", "ولها", "فان"]) {
      for (const candidate of stemCandidates(word)) expect(candidate.length).toBeGreaterThanOrEqual(3);
    }
  });

  it("keeps the article when the remainder would be too short", () => {
    expect(stemCandidates("الله")).not.toContain("له");
    expect(stemCandidates("الأم")).toEqual(["الام"]);
  });

  it("keeps candidate sets small", () => {
    for (const word of ["وبالمسؤولية", "والاقتصادية", "بالتسوية", "والفلسطينيين", "الأوكرانية"]) {
      expect(stemCandidates(word).length).toBeLessThanOrEqual(6);
    }
  });

  it("does not stem Latin words or numbers", () => {
    expect(stemCandidates("Witkoff")).toEqual(["witkoff"]);
    expect(stemCandidates("bills")).toEqual(["bills"]);
    expect(stemCandidates("٢٠٢٦")).toEqual(["2026"]);
  });

  it.each([
    ["والأمريكي", "الأمريكي"],
    ["والأمريكي", "أمريكي"],
    ["والأمريكي", "الامريكى"],
    ["الأمريكي", "أمريكي"],
    ["الامريكى", "أمريكي"],
    ["الأمريكية", "أمريكي"],
    ["لبوتين", "بوتين"],
    ["وبوتين", "لبوتين"],
    ["الكرملين", "كرملين"],
    ["والكرملين", "كرملين"],
    ["والكرملين", "الكرملين"],
    ["لترامب", "ترامب"],
    ["وترامب", "ترامب"],
    ["للأمم", "الأمم"],
    ["الفلسطينيين", "فلسطين"],
    ["البيان", "بيانات"],
  ])("%s and %s share a candidate", (a, b) => {
    expect(shareACandidate(a, b)).toBe(true);
  });

  it("keeps unrelated words apart", () => {
    expect(shareACandidate("بوتين", "ترامب")).toBe(false);
    expect(shareACandidate("روسيا", "أمريكا")).toBe(false);
  });
});

describe("toSearchIndexText", () => {
  it("emits every candidate of every word in order", () => {
    expect(toSearchIndexText("قال Steve Witkoff إن لبيانات")).toBe("قال steve witkoff ان لبيانات لبيان بيانات بيان");
  });

  it("returns an empty string for empty text", () => {
    expect(toSearchIndexText(" ، ")).toBe("");
  });
});

describe("toSearchQueryGroups", () => {
  it("makes one group per word, drops one-letter noise and keeps one-digit numbers", () => {
    expect(toSearchQueryGroups("و بيانات Witkoff 5")).toEqual([["بيانات", "بيان", "يانات", "يان"], ["witkoff"], ["5"]]);
  });

  it("drops repeated words", () => {
    expect(toSearchQueryGroups("ترامب ترامب ترامب")).toEqual([["ترامب"]]);
  });

  it("returns at most 12 groups", () => {
    const words = Array.from({ length: 20 }, (_, index) => `word${index}`).join(" ");
    expect(toSearchQueryGroups(words)).toHaveLength(12);
  });

  it("reads only the first 200 characters and never half a word", () => {
    const query = `${"ab ".repeat(66)}abcdef`; // 198 characters, then a word across the cut
    expect(toSearchQueryGroups(query)).toEqual([["ab"]]);
    const cutBeforeName = toSearchQueryGroups(`${"x".repeat(199)} بوتين`);
    expect(cutBeforeName).toEqual([["x".repeat(199)]]);
  });
});

describe("toTsQuery", () => {
  it("ORs candidates within a word and ANDs the words", () => {
    expect(toTsQuery(toSearchQueryGroups("لبيانات ترامب"))).toBe("(لبيانات | لبيان | بيانات | بيان) & ترامب");
  });

  it("never lets tsquery operators through from user input", () => {
    const query = toTsQuery(toSearchQueryGroups("ab & cd | !ef:* <-> 'gh' (ij) \\kl"));
    expect(query).toBe("ab & cd & ef & gh & ij & kl");
  });

  it("sanitises lexemes handed in directly", () => {
    expect(toTsQuery([["a&b", "!c:*"], ["<->", "'"], ["(d)|e"]])).toBe("(ab | c) & de");
  });

  it("returns an empty string when nothing is left", () => {
    expect(toTsQuery([])).toBe("");
    expect(toTsQuery(toSearchQueryGroups("& | ! : * ( ) < - > ' \" و"))).toBe("");
  });
});

describe("highlightTerms", () => {
  it("marks the original words whose candidates match", () => {
    const groups = toSearchQueryGroups("بوتين الأمريكي");
    expect(highlightTerms("التقى الرئيسُ الأمْرِيكيّ بِبُوتِين، ولبوتين رأي.", groups)).toEqual([
      { text: "التقى الرئيسُ ", match: false },
      { text: "الأمْرِيكيّ", match: true },
      { text: " ", match: false },
      { text: "بِبُوتِين", match: true },
      { text: "، ", match: false },
      { text: "ولبوتين", match: true },
      { text: " رأي.", match: false },
    ]);
  });

  it("keeps the text intact", () => {
    const text = "قال Steve Witkoff إن «الكرملين» وافق";
    const segments = highlightTerms(text, toSearchQueryGroups("كرملين witkoff"));
    expect(segments.map((segment) => segment.text).join("")).toBe(text);
    expect(segments.filter((segment) => segment.match).map((segment) => segment.text)).toEqual(["Witkoff", "الكرملين"]);
  });

  it("marks nothing without groups", () => {
    expect(highlightTerms("نص عادي", [])).toEqual([{ text: "نص عادي", match: false }]);
  });
});

describe("makeSnippet", () => {
  const filler = "كلمة ".repeat(80);
  const text = `${filler}وصرح بوتين اليوم ${filler}`;

  it("centres the window on the first match and marks it", () => {
    const segments = makeSnippet(text, toSearchQueryGroups("بوتين"), 100);
    const joined = segments.map((segment) => segment.text).join("");
    expect(joined.startsWith("… ")).toBe(true);
    expect(joined.endsWith(" …")).toBe(true);
    expect(joined.length).toBeLessThanOrEqual(104);
    expect(segments.filter((segment) => segment.match)).toEqual([{ text: "بوتين", match: true }]);
  });

  it("starts at the beginning when nothing matches", () => {
    const joined = makeSnippet(text, toSearchQueryGroups("ترامب"), 50)
      .map((segment) => segment.text)
      .join("");
    expect(joined).toBe(`${"كلمة ".repeat(10).trim()} …`);
  });

  it("returns short text whole", () => {
    expect(makeSnippet("قال  بوتين\nاليوم", toSearchQueryGroups("بوتين"))).toEqual([
      { text: "قال ", match: false },
      { text: "بوتين", match: true },
      { text: " اليوم", match: false },
    ]);
  });
});
