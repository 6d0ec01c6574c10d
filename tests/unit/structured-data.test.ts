import { afterAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import {
  breadcrumbJsonLd,
  newsArticleJsonLd,
  organizationJsonLd,
  serializeJsonLd,
  websiteJsonLd,
  type NewsArticleJsonLdInput,
} from "@/lib/seo/structured-data";

const saved = { SITE_URL: process.env.SITE_URL, SITE_NAME: process.env.SITE_NAME, TIME_ZONE: process.env.TIME_ZONE };

// Set before any describe block builds its fixtures; restored when the file ends.
process.env.SITE_URL = "https://akhbar.example/";
process.env.SITE_NAME = "مرصد الأخبار";
process.env.TIME_ZONE = "Asia/Riyadh";
resetEnvForTests();

afterAll(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvForTests();
});

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

const story: NewsArticleJsonLdInput = {
  id: 1042,
  slug: "الكرملين-قمة-لاحقة",
  title: "الكرملين: قمة «لاحقة» </script><script>alert(1)</script>",
  dek: "موجز الخبر",
  sectionName: "سياسة",
  firstPublishedAt: "2026-03-01T09:00:00.000Z",
  updatedAt: new Date("2026-03-01T11:30:00.000Z"),
  hero: { path: "/media/2026/03/0123456789abcdef01234567.webp" },
  authors: [
    { name: "سلمى حداد", slug: "salma-haddad" },
    { name: "كريم منصور", slug: "karim-mansour" },
  ],
  tagNames: ["الكرملين", "روسيا"],
};

describe("serializeJsonLd", () => {
  it("escapes the characters that could end or alter a script element", () => {
    const text = serializeJsonLd({ headline: "</script><!-- a & b > c \u2028\u2029" });
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toBe('{"headline":"\\u003c/script\\u003e\\u003c!-- a \\u0026 b \\u003e c \\u2028\\u2029"}');
  });

  it("round-trips to the same value through JSON.parse", () => {
    const value = { a: "<b>&</b>", n: 3, list: ["\u2028", "ا"] };
    expect(JSON.parse(serializeJsonLd(value))).toEqual(value);
  });

  it("serialises undefined as null rather than an empty script", () => {
    expect(serializeJsonLd(undefined)).toBe("null");
  });
});

describe("newsArticleJsonLd", () => {
  const jsonLd = newsArticleJsonLd(story);

  it("describes the story with absolute, ASCII URLs", () => {
    const canonical = "https://akhbar.example/news/1042/%D8%A7%D9%84%D9%83%D8%B1%D9%85%D9%84%D9%8A%D9%86-%D9%82%D9%85%D8%A9-%D9%84%D8%A7%D8%AD%D9%82%D8%A9";
    expect(jsonLd).toMatchObject({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: story.title,
      description: "موجز الخبر",
      image: ["https://akhbar.example/media/2026/03/0123456789abcdef01234567.webp"],
      mainEntityOfPage: { "@type": "WebPage", "@id": canonical },
      url: canonical,
      articleSection: "سياسة",
      keywords: ["الكرملين", "روسيا"],
      inLanguage: "ar",
      isAccessibleForFree: true,
    });
    const urls = JSON.stringify(jsonLd).match(/https?:\/\/[^"]+/g) ?? [];
    expect(urls.length).toBeGreaterThan(3);
    for (const url of urls) expect(url).toMatch(/^[\x21-\x7e]+$/);
  });

  it("gives dates in the site's time zone with an offset", () => {
    expect(jsonLd.datePublished).toBe("2026-03-01T12:00:00+03:00");
    expect(jsonLd.dateModified).toBe("2026-03-01T14:30:00+03:00");
    expect(jsonLd.datePublished).toMatch(ISO_WITH_OFFSET);
  });

  it("never has dateModified before datePublished (a scheduled story saved early)", () => {
    const scheduled = newsArticleJsonLd({ ...story, updatedAt: "2026-02-27T08:00:00.000Z" });
    expect(scheduled.dateModified).toBe(scheduled.datePublished);
  });

  it("lists authors as people with their pages, and the publisher with its logo", () => {
    expect(jsonLd.author).toEqual([
      { "@type": "Person", name: "سلمى حداد", url: "https://akhbar.example/author/salma-haddad" },
      { "@type": "Person", name: "كريم منصور", url: "https://akhbar.example/author/karim-mansour" },
    ]);
    expect(jsonLd.publisher).toEqual({
      "@type": "Organization",
      name: "مرصد الأخبار",
      url: "https://akhbar.example/",
      logo: { "@type": "ImageObject", url: "https://akhbar.example/icons/icon-512.png", width: 512, height: 512 },
    });
  });

  it("adds a CorrectionComment only when the story carries a correction", () => {
    expect(jsonLd).not.toHaveProperty("correction");
    expect(newsArticleJsonLd({ ...story, correction: { text: "  ", correctedAt: null } })).not.toHaveProperty("correction");
    const corrected = newsArticleJsonLd({
      ...story,
      correction: { text: "صُحّح اسم المتحدث.", correctedAt: "2026-03-02T06:15:00.000Z" },
    });
    expect(corrected.correction).toEqual({
      "@type": "CorrectionComment",
      text: "صُحّح اسم المتحدث.",
      datePublished: "2026-03-02T09:15:00+03:00",
    });
  });

  it("falls back to the site's share image for a story without a photo", () => {
    expect(newsArticleJsonLd({ ...story, hero: null }).image).toEqual(["https://akhbar.example/icons/og-default.png"]);
  });

  it("stays inert inside a script element however hostile the headline", () => {
    expect(serializeJsonLd(jsonLd)).not.toContain("</script>");
  });
});

describe("breadcrumbJsonLd", () => {
  it("numbers the items from 1 and makes their URLs absolute", () => {
    expect(
      breadcrumbJsonLd([
        { name: "الرئيسية", path: "/" },
        { name: "سياسة", path: "/section/%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9" },
      ]),
    ).toEqual({
      "@context": "https://schema.org",
      "@type": "BreadcrumbList",
      itemListElement: [
        { "@type": "ListItem", position: 1, name: "الرئيسية", item: "https://akhbar.example/" },
        {
          "@type": "ListItem",
          position: 2,
          name: "سياسة",
          item: "https://akhbar.example/section/%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9",
        },
      ],
    });
  });
});

describe("websiteJsonLd and organizationJsonLd", () => {
  it("offers the site search as a SearchAction", () => {
    expect(websiteJsonLd()).toEqual({
      "@context": "https://schema.org",
      "@type": "WebSite",
      name: "مرصد الأخبار",
      url: "https://akhbar.example/",
      inLanguage: "ar",
      potentialAction: {
        "@type": "SearchAction",
        target: "https://akhbar.example/search?q={search_term_string}",
        "query-input": "required name=search_term_string",
      },
    });
  });

  it("names the organisation with its logo", () => {
    expect(organizationJsonLd()).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Organization",
      name: "مرصد الأخبار",
      logo: { "@type": "ImageObject", url: "https://akhbar.example/icons/icon-512.png" },
    });
  });
});
