import { describe, it, expect } from "vitest";
import {
  articleBodySchema,
  emptyArticleBody,
  isSafeHref,
  MAX_BODY_NODES,
  MAX_BODY_TEXT_CHARS,
  parseArticleBody,
} from "@/lib/articles/body-schema";

function docWith(...content: unknown[]) {
  return { type: "doc", content };
}

function paragraph(...content: unknown[]) {
  return { type: "paragraph", content };
}

function linkedText(href: unknown) {
  return { type: "text", text: "اضغط هنا", marks: [{ type: "link", attrs: { href } }] };
}

function image(attrs: Record<string, unknown>) {
  return { type: "image", attrs };
}

function messages(input: unknown): string[] {
  const result = parseArticleBody(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe("articleBodySchema: valid documents", () => {
  it("accepts every allowed node and mark", () => {
    const body = docWith(
      { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "عنوان" }] },
      { type: "heading", attrs: { level: 3 }, content: [{ type: "text", text: "فرعي" }] },
      paragraph(
        { type: "text", text: "قال " },
        { type: "text", text: "Steve Witkoff", marks: [{ type: "bold" }, { type: "italic" }] },
        { type: "hardBreak" },
        linkedText("https://example.com/a?b=1"),
        linkedText("/news/12/خبر"),
      ),
      { type: "blockquote", content: [paragraph({ type: "text", text: "اقتباس" })] },
      {
        type: "bulletList",
        content: [
          {
            type: "listItem",
            content: [
              paragraph({ type: "text", text: "أول" }),
              { type: "orderedList", attrs: { start: 3 }, content: [{ type: "listItem", content: [paragraph({ type: "text", text: "ثان" })] }] },
            ],
          },
        ],
      },
      { type: "horizontalRule" },
      image({ src: "/media/a.jpg", alt: "صورة", caption: "تعليق", width: 800, height: 600 }),
      image({ src: "https://cdn.example.com/b.png", alt: "صورة ثانية", title: null, caption: null, width: null }),
    );
    const result = parseArticleBody(body);
    expect(result.success).toBe(true);
  });

  it("accepts the empty body and what Tiptap saves for an empty editor", () => {
    expect(parseArticleBody(emptyArticleBody()).success).toBe(true);
    expect(parseArticleBody(docWith()).success).toBe(true);
  });

  it("strips attributes it does not know: textAlign, link target, rel and class", () => {
    const result = articleBodySchema.parse(
      docWith({
        type: "paragraph",
        attrs: { textAlign: "right" },
        content: [
          {
            type: "text",
            text: "اضغط هنا",
            marks: [{ type: "link", attrs: { href: "https://example.com", target: "_blank", rel: "opener", class: "x" } }],
          },
        ],
      }),
    );
    expect(result).toEqual(docWith(paragraph(linkedText("https://example.com"))));
  });
});

describe("articleBodySchema: script-ish payloads are rejected", () => {
  const dangerousHrefs = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u0000javascript:alert(1)",
    "javascript&#58;alert(1)",
    "&#106;avascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "http://",
    "ftp://example.com/file",
    "mailto:someone@example.com",
    "relative/path",
    "",
  ];

  it.each(dangerousHrefs)("refuses the link href %j", (href) => {
    expect(isSafeHref(href)).toBe(false);
    expect(messages(docWith(paragraph(linkedText(href))))).toContain(
      "رابط غير مسموح: يجب أن يبدأ بـ http أو https أو /",
    );
  });

  it("accepts http, https and site-relative hrefs", () => {
    for (const href of ["http://example.com", "HTTPS://Example.com/x", "/", "/tag/روسيا?page=2#top"]) {
      expect(isSafeHref(href)).toBe(true);
    }
  });

  it("refuses a data: or protocol-relative image source", () => {
    for (const src of ["data:image/png;base64,iVBORw0KGgo=", "//evil.example/x.png", "javascript:alert(1)"]) {
      expect(messages(docWith(image({ src, alt: "صورة" })))).toEqual([
        "مصدر صورة غير مسموح: يجب أن يبدأ بـ http أو https أو /",
      ]);
    }
  });

  it("refuses an unknown node type with a clear message", () => {
    expect(messages(docWith({ type: "html", content: "<script>alert(1)</script>" }))).toEqual([
      "نوع عنصر غير معروف: «html»",
    ]);
  });

  it("refuses a known node in the wrong place", () => {
    const body = docWith({ type: "blockquote", content: [{ type: "image", attrs: { src: "/a.jpg", alt: "x" } }] });
    expect(messages(body)).toEqual(["العنصر «image» غير مسموح داخل الاقتباس"]);
  });

  it("refuses unknown marks", () => {
    const body = docWith(paragraph({ type: "text", text: "x", marks: [{ type: "code" }] }));
    expect(messages(body)[0]).toMatch(/^تنسيق غير مسموح: «code»/);
  });

  it("refuses heading levels other than 2 and 3", () => {
    for (const level of [1, 4, "2"]) {
      const body = docWith({ type: "heading", attrs: { level }, content: [{ type: "text", text: "x" }] });
      expect(messages(body)).toEqual(["مستوى العنوان يجب أن يكون 2 أو 3"]);
    }
  });

  it("refuses an image without alt text", () => {
    for (const attrs of [{ src: "/a.jpg" }, { src: "/a.jpg", alt: "" }, { src: "/a.jpg", alt: "   " }]) {
      expect(messages(docWith(image(attrs)))).toEqual(["النص البديل للصورة مطلوب"]);
    }
  });

  it("refuses out-of-range image sizes and overlong captions", () => {
    expect(parseArticleBody(docWith(image({ src: "/a.jpg", alt: "x", width: 0 }))).success).toBe(false);
    expect(parseArticleBody(docWith(image({ src: "/a.jpg", alt: "x", height: 10_001 }))).success).toBe(false);
    expect(parseArticleBody(docWith(image({ src: "/a.jpg", alt: "x", caption: "ت".repeat(301) }))).success).toBe(false);
  });

  it("refuses raw HTML strings and empty text nodes", () => {
    expect(parseArticleBody("<p>hello</p>").success).toBe(false);
    expect(parseArticleBody(docWith(paragraph({ type: "text", text: "" }))).success).toBe(false);
  });
});

describe("articleBodySchema: size limits", () => {
  function nestedLists(levels: number) {
    let node: unknown = paragraph({ type: "text", text: "عمق" });
    for (let level = 0; level < levels; level += 1) {
      node = { type: "bulletList", content: [{ type: "listItem", content: [node] }] };
    }
    return docWith(node);
  }

  it("allows a list inside a list", () => {
    expect(parseArticleBody(nestedLists(2)).success).toBe(true);
  });

  it("refuses nesting deeper than the limit", () => {
    expect(messages(nestedLists(3))).toEqual(["المتن متداخل أكثر من 6 مستويات"]);
  });

  it("refuses a hostile, very deep payload without overflowing the stack", () => {
    expect(parseArticleBody(nestedLists(50_000)).success).toBe(false);
  });

  it("caps the total text and the node count", () => {
    const longParagraphs = Array.from({ length: 11 }, () => paragraph({ type: "text", text: "ن".repeat(20_000) }));
    expect(messages(docWith(...longParagraphs))).toEqual([`المتن أطول من ${MAX_BODY_TEXT_CHARS} حرف`]);

    const manyBreaks = Array.from({ length: MAX_BODY_NODES }, () => ({ type: "hardBreak" }));
    expect(messages(docWith(paragraph(...manyBreaks)))).toEqual([`المتن يحوي أكثر من ${MAX_BODY_NODES} عنصر`]);
  });

  it("refuses a single text node over 20,000 characters", () => {
    expect(parseArticleBody(docWith(paragraph({ type: "text", text: "ن".repeat(20_001) }))).success).toBe(false);
  });
});
