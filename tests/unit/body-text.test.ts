import { describe, it, expect } from "vitest";
import { articleBodySchema, type ArticleBody, type HeadingNode } from "@/lib/articles/body-schema";
import {
  absoluteBodyUrl,
  bodyFromBlocks,
  bodyExcerpt,
  bodyFromPlainText,
  bodyToHtml,
  bodyToPlainText,
  bodyWordCount,
  isEmptyArticleBody,
  normalizeBodyUrl,
} from "@/lib/articles/body-text";

const siteUrl = "https://akhbar.example/";

describe("bodyFromPlainText", () => {
  it("splits paragraphs on blank lines and turns single newlines into hard breaks", () => {
    const body = bodyFromPlainText("  الفقرة الأولى\r\nسطر ثان  \n\n\n   \nالفقرة الثانية  ");
    expect(body).toEqual({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "الفقرة الأولى" },
            { type: "hardBreak" },
            { type: "text", text: "سطر ثان" },
          ],
        },
        { type: "paragraph", content: [{ type: "text", text: "الفقرة الثانية" }] },
      ],
    });
    expect(articleBodySchema.safeParse(body).success).toBe(true);
  });

  it("gives the empty body for blank input and drops stray control characters", () => {
    expect(bodyFromPlainText(" \n\n ")).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
    expect(bodyToPlainText(bodyFromPlainText("نص\u0000 نظيف"))).toBe("نص نظيف");
  });

  it("splits a very long paragraph into schema-sized text nodes", () => {
    const body = bodyFromPlainText("ن".repeat(45_000));
    expect(body.content[0]).toMatchObject({ type: "paragraph" });
    expect(articleBodySchema.safeParse(body).success).toBe(true);
    expect(bodyToPlainText(body)).toHaveLength(45_000);
  });

  it("round-trips through plain text", () => {
    const text = "قال Steve Witkoff إن المحادثات مستمرة.\nوأضاف: لا جديد.\n\nالفقرة الثانية.";
    expect(bodyToPlainText(bodyFromPlainText(text))).toBe(text);
  });
});

describe("bodyFromBlocks", () => {
  it("builds headings, quotes and lists that pass the schema", () => {
    const body = bodyFromBlocks([{ h2: "عنوان" }, "فقرة", { quote: "قول مأثور" }, { list: ["أ", "ب"] }, { h3: "فرعي" }]);
    expect(articleBodySchema.safeParse(body).success).toBe(true);
    expect(body.content.map((node) => node.type)).toEqual(["heading", "paragraph", "blockquote", "bulletList", "heading"]);
    expect(bodyToPlainText(body)).toBe("عنوان\n\nفقرة\n\nقول مأثور\n\nأ\n\nب\n\nفرعي");
  });
});

describe("bodyToPlainText and bodyWordCount", () => {
  const body: ArticleBody = {
    type: "doc",
    content: [
      { type: "paragraph", content: [{ type: "text", text: "كلمة أولى" }, { type: "hardBreak" }, { type: "text", text: "ثم - ثانية" }] },
      { type: "image", attrs: { src: "/a.jpg", alt: "لا تحسب" } },
      { type: "paragraph" },
      { type: "horizontalRule" },
    ],
  };

  it("keeps running text only, with hard breaks as newlines", () => {
    expect(bodyToPlainText(body)).toBe("كلمة أولى\nثم - ثانية");
  });

  it("counts words, not punctuation", () => {
    expect(bodyWordCount(body)).toBe(4);
  });

  it("knows an empty body from one with only an image", () => {
    expect(isEmptyArticleBody({ type: "doc", content: [{ type: "paragraph" }] })).toBe(true);
    expect(isEmptyArticleBody({ type: "doc", content: [{ type: "image", attrs: { src: "/a.jpg", alt: "x" } }] })).toBe(false);
  });
});

describe("URL helpers", () => {
  it("percent-encodes site-relative paths and keeps them relative", () => {
    expect(normalizeBodyUrl("/news/5/خبر")).toBe("/news/5/%D8%AE%D8%A8%D8%B1");
    expect(normalizeBodyUrl("javascript:alert(1)")).toBeNull();
  });

  it("makes site-relative paths absolute", () => {
    expect(absoluteBodyUrl("/tag/x", "https://akhbar.example/")).toBe("https://akhbar.example/tag/x");
    expect(absoluteBodyUrl("https://other.example/a", "https://akhbar.example")).toBe("https://other.example/a");
  });
});

describe("bodyToHtml", () => {
  it("escapes text, so a <script> in a paragraph stays text", () => {
    const html = bodyToHtml(bodyFromPlainText("<script>alert('x') & \"y\"</script>"), { siteUrl });
    expect(html).toBe("<p>&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;</p>");
    expect(html).not.toContain("<script");
  });

  it("escapes quotes in attributes and makes relative URLs absolute", () => {
    const body: ArticleBody = {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            {
              type: "text",
              text: "رابط",
              marks: [{ type: "bold" }, { type: "link", attrs: { href: "/search?q=\"x\"&y='z'" } }],
            },
          ],
        },
        { type: "image", attrs: { src: "/media/a.jpg", alt: "صورة \"مقتبسة\" <b>", caption: "تعليق & شرح", width: 640 } },
      ],
    };
    const html = bodyToHtml(body, { siteUrl });
    expect(html).toContain(
      '<a href="https://akhbar.example/search?q=%22x%22&amp;y=%27z%27" rel="noopener"><strong>رابط</strong></a>',
    );
    expect(html).toContain(
      '<figure><img src="https://akhbar.example/media/a.jpg" alt="صورة &quot;مقتبسة&quot; &lt;b&gt;" width="640"><figcaption>تعليق &amp; شرح</figcaption></figure>',
    );
  });

  it("renders every block type", () => {
    const body = bodyFromBlocks([{ h2: "ع" }, { quote: "ق" }, { list: ["أ"] }]);
    body.content.push({ type: "horizontalRule" }, { type: "orderedList", attrs: { start: 4 }, content: [{ type: "listItem", content: [{ type: "paragraph" }] }] });
    expect(bodyToHtml(body, { siteUrl })).toBe(
      '<h2>ع</h2>\n<blockquote><p>ق</p></blockquote>\n<ul><li><p>أ</p></li></ul>\n<hr>\n<ol start="4"><li><p></p></li></ol>',
    );
  });

  it("shifts headings like the page does: the highest level used is h2, deeper ones follow without gaps", () => {
    expect(bodyToHtml(bodyFromBlocks([{ h3: "أ" }, "ف", { h3: "ب" }]), { siteUrl })).toBe("<h2>أ</h2>\n<p>ف</p>\n<h2>ب</h2>");
    expect(bodyToHtml(bodyFromBlocks([{ h2: "أ" }, { h3: "ب" }]), { siteUrl })).toBe("<h2>أ</h2>\n<h3>ب</h3>");
    const withLevelFour = bodyFromBlocks([{ h2: "أ" }, "ف"]);
    // The schema allows levels 2 and 3; a row saved under a wider schema may hold a 4.
    withLevelFour.content[1] = { type: "heading", attrs: { level: 4 }, content: [{ type: "text", text: "ب" }] } as unknown as HeadingNode;
    expect(bodyToHtml(withLevelFour, { siteUrl })).toBe("<h2>أ</h2>\n<h3>ب</h3>");
  });

  it("drops a link whose href is unsafe even if the body skipped validation", () => {
    const body = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }],
    } satisfies ArticleBody;
    expect(bodyToHtml(body, { siteUrl })).toBe("<p>x</p>");
  });
});

describe("bodyExcerpt", () => {
  it("returns running text that fits whole, on one line", () => {
    expect(bodyExcerpt(bodyFromBlocks([{ h2: "عنوان" }, "سطر\nثان"]), 50)).toBe("عنوان سطر ثان");
  });

  it("cuts between words, drops dangling clause punctuation and marks the cut with «…»", () => {
    expect(bodyExcerpt(bodyFromPlainText("قال الوزير، إن المحادثات مستمرة"), 12)).toBe("قال الوزير…");
  });

  it("cuts inside a word longer than the limit without splitting a surrogate pair", () => {
    expect(bodyExcerpt(bodyFromPlainText("abc😀def"), 4)).toBe("abc…");
  });
});
