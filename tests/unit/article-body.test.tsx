import { describe, it, expect } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import type { ArticleBody as ArticleBodyDocument, HeadingNode } from "@/lib/articles/body-schema";
import { bodyFromBlocks } from "@/lib/articles/body-text";
import { ArticleBody } from "@/app/(site)/_components/article-body";
import { plainTextWithBdi, splitLatinRuns } from "@/app/(site)/_components/bidi-text";

function render(body: ArticleBodyDocument): string {
  return renderToStaticMarkup(<ArticleBody body={body} />);
}

function paragraphOf(...content: NonNullable<Extract<ArticleBodyDocument["content"][number], { type: "paragraph" }>["content"]>) {
  return { type: "doc", content: [{ type: "paragraph", content }] } satisfies ArticleBodyDocument;
}

describe("splitLatinRuns", () => {
  it("isolates Latin names, keeping inner spaces and joiners", () => {
    expect(splitLatinRuns("قال Steve Witkoff إن مقاتلات F-16 وصلت إلى AT&T.")).toEqual([
      { text: "قال ", isLatin: false },
      { text: "Steve Witkoff", isLatin: true },
      { text: " إن مقاتلات ", isLatin: false },
      { text: "F-16", isLatin: true },
      { text: " وصلت إلى ", isLatin: false },
      { text: "AT&T", isLatin: true },
      { text: ".", isLatin: false },
    ]);
  });

  it("leaves purely Arabic text and bare numbers alone", () => {
    expect(splitLatinRuns("في عام 2025، قال")).toEqual([{ text: "في عام 2025، قال", isLatin: false }]);
    expect(plainTextWithBdi("نص عربي")).toBe("نص عربي");
  });
});

describe("ArticleBody", () => {
  it("wraps Latin runs in <bdi>", () => {
    const html = render(paragraphOf({ type: "text", text: "قال Steve Witkoff إن المحادثات O'Brien" }));
    expect(html).toBe("<p>قال <bdi>Steve Witkoff</bdi> إن المحادثات <bdi>O&#x27;Brien</bdi></p>");
  });

  it("escapes text rather than rendering markup", () => {
    const html = render(paragraphOf({ type: "text", text: "<script>alert(1)</script> <img src=x onerror=alert(1)>" }));
    expect(html).not.toMatch(/<script|<img/);
    // The Latin words are isolated like any other, but the angle brackets stay text.
    expect(html).toBe(
      "<p>&lt;<bdi>script</bdi>&gt;<bdi>alert</bdi>(1)&lt;/<bdi>script</bdi>&gt; &lt;<bdi>img src</bdi>=<bdi>x onerror</bdi>=<bdi>alert</bdi>(1)&gt;</p>",
    );
  });

  it("renders links with safe hrefs and rel by origin", () => {
    const html = render(
      paragraphOf(
        { type: "text", text: "داخلي", marks: [{ type: "link", attrs: { href: "/tag/روسيا" } }] },
        { type: "text", text: "خارجي", marks: [{ type: "italic" }, { type: "link", attrs: { href: "https://example.com/a?b=1&c=2" } }] },
      ),
    );
    expect(html).toBe(
      '<p><a href="/tag/%D8%B1%D9%88%D8%B3%D9%8A%D8%A7" rel="noopener">داخلي</a>' +
        '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener nofollow ugc"><em>خارجي</em></a></p>',
    );
  });

  it("drops an unsafe href that slipped past validation, keeping the text", () => {
    const html = render(paragraphOf({ type: "text", text: "اضغط", marks: [{ type: "bold" }, { type: "link", attrs: { href: " javascript:alert(1)" } }] }));
    expect(html).toBe("<p><strong>اضغط</strong></p>");
  });

  it("renders headings, quotes, lists, rules and hard breaks as semantic elements", () => {
    const body = bodyFromBlocks([{ h2: "عنوان" }, { h3: "فرعي" }, { quote: "قول" }, { list: ["أ", "ب"] }, "سطر\nسطر"]);
    body.content.push({ type: "horizontalRule" }, { type: "paragraph" });
    expect(render(body)).toBe(
      "<h2>عنوان</h2><h3>فرعي</h3><blockquote><p>قول</p></blockquote><ul><li><p>أ</p></li><li><p>ب</p></li></ul><p>سطر<br/>سطر</p><hr/>",
    );
  });

  describe("heading levels nest under the page's h1", () => {
    const headings = (html: string) => [...html.matchAll(/<(h\d)>/g)].map((match) => match[1]);

    it("renders a body of only level-3 headings as h2", () => {
      expect(render(bodyFromBlocks([{ h3: "أ" }, "فقرة", { h3: "ب" }]))).toBe("<h2>أ</h2><p>فقرة</p><h2>ب</h2>");
    });

    it("keeps levels 2 and 3 as h2 and h3", () => {
      expect(headings(render(bodyFromBlocks([{ h2: "أ" }, { h3: "ب" }, { h2: "ج" }, { h3: "د" }])))).toEqual(["h2", "h3", "h2", "h3"]);
    });

    it("closes the gap between levels 2 and 4", () => {
      const body = bodyFromBlocks([{ h2: "أ" }, { h2: "ب" }, { h2: "ج" }]);
      // The schema allows levels 2 and 3; a row saved under a wider schema may hold a 4.
      body.content[1] = { type: "heading", attrs: { level: 4 }, content: [{ type: "text", text: "ب" }] } as unknown as HeadingNode;
      expect(headings(render(body))).toEqual(["h2", "h3", "h2"]);
    });

    it("never opens the body deeper than h2, nor skips below the heading before", () => {
      expect(headings(render(bodyFromBlocks([{ h3: "أ" }, { h2: "ب" }, { h3: "ج" }])))).toEqual(["h2", "h2", "h3"]);
    });
  });

  it("renders images as figures, with size only when known", () => {
    const html = render({
      type: "doc",
      content: [
        { type: "image", attrs: { src: "/media/a.jpg", alt: "صورة", caption: "تعليق Reuters", width: 800, height: 450 } },
        { type: "image", attrs: { src: "https://cdn.example.com/b.png", alt: "ثانية" } },
      ],
    });
    expect(html).toBe(
      '<figure><img src="/media/a.jpg" alt="صورة" width="800" height="450" loading="lazy" decoding="async"/>' +
        "<figcaption>تعليق <bdi>Reuters</bdi></figcaption></figure>" +
        '<figure><img src="https://cdn.example.com/b.png" alt="ثانية" loading="lazy" decoding="async"/></figure>',
    );
  });

  it("renders nothing for nodes it does not know", () => {
    const body = { type: "doc", content: [{ type: "html", html: "<script>alert(1)</script>" }] } as unknown as ArticleBodyDocument;
    expect(render(body)).toBe("");
  });
});
