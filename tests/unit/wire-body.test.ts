import { describe, expect, it } from "vitest";
import { articleBodySchema } from "@/lib/articles/body-schema";
import { htmlToArticleBody, htmlToPlainText } from "@/lib/wire/html-to-body";
import { isSameStory, matchText } from "@/lib/wire/same-story";
import { backoffMinutes } from "@/lib/wire/poll";
import { AGENCY_STORIES, PARTNER_STORIES } from "../support/wire-feeds";

// What a wire entry's HTML becomes, and when two outlets' copies are the same story.

const BASE = "https://agency.example/news/1";

describe("a wire entry's HTML as a story body", () => {
  it("keeps paragraphs, headings, quotes, lists, bold, italic and links, resolved against the entry", () => {
    const body = htmlToArticleBody(
      `<h1>عنوان</h1><p>قال <strong>الوزير</strong> إن <a href="/agreement">الاتفاق</a> <em>قريب</em>.</p><blockquote><p>اقتباس</p></blockquote><ol><li>أول</li><li>ثان</li></ol><hr>`,
      BASE,
    );
    expect(articleBodySchema.safeParse(body).success).toBe(true);
    expect(body.content.map((node) => node.type)).toEqual(["heading", "paragraph", "blockquote", "orderedList", "horizontalRule"]);
    const paragraph = JSON.stringify(body.content[1]);
    expect(paragraph).toContain('"href":"https://agency.example/agreement"');
    expect(paragraph).toContain('"type":"bold"');
    expect(paragraph).toContain('"type":"italic"');
  });

  it("drops scripts, frames, forms, media, event handlers and unsafe links, keeping the words", () => {
    const body = htmlToArticleBody(
      `<p onclick="steal()">نص <a href="javascript:alert(1)">رابط ضار</a> و<a href="data:text/html,x">آخر</a></p><script>alert(1)</script><iframe src="https://evil.example"></iframe><img src="x" onerror="alert(1)"><style>p{}</style><form><input name="q"></form><p>تتمة</p>`,
      BASE,
    );
    const json = JSON.stringify(body);
    for (const bad of ["alert", "javascript", "data:", "iframe", "onclick", "onerror", "evil.example", "steal"]) expect(json).not.toContain(bad);
    expect(json).toContain("رابط ضار");
    expect(json).toContain("تتمة");
    expect(articleBodySchema.safeParse(body).success).toBe(true);
  });

  it("turns double line breaks into paragraphs and bare text into a paragraph", () => {
    const body = htmlToArticleBody("سطر أول<br>سطر ثان<br><br>فقرة ثانية", BASE);
    expect(body.content).toHaveLength(2);
    expect(body.content[0]).toMatchObject({ type: "paragraph", content: [{ text: "سطر أول" }, { type: "hardBreak" }, { text: "سطر ثان" }] });
  });

  it("flattens lists nested deeper than the schema allows, and falls back to the lead when there is no text", () => {
    const deep = htmlToArticleBody("<ul><li>أ<ul><li>ب<ul><li>ج<ul><li>د</li></ul></li></ul></li></ul></li></ul>", BASE);
    expect(articleBodySchema.safeParse(deep).success).toBe(true);
    expect(JSON.stringify(deep)).toContain("د");
    expect(htmlToArticleBody("<script>x</script>", BASE, "الموجز وحده")).toMatchObject({ content: [{ type: "paragraph", content: [{ text: "الموجز وحده" }] }] });
  });

  it("reads titles and leads as plain text", () => {
    expect(htmlToPlainText("<p>مرحبا &amp; <b>أهلاً</b></p><p>ثانٍ</p>")).toBe("مرحبا & أهلاً ثانٍ");
    expect(htmlToPlainText("  نص\u0000 عادي  ")).toBe("نص عادي");
  });
});

describe("the same story from two outlets", () => {
  const copy = (story: { title: string; lead: string }) => ({ matchTitle: matchText(story.title), matchLead: matchText(story.lead) });

  it("groups the partner's rewrites of the agency's stories, and nothing else", () => {
    const pairs = AGENCY_STORIES.flatMap((agency) => PARTNER_STORIES.map((partner) => [agency, partner, isSameStory(copy(agency), copy(partner))] as const));
    expect(pairs.filter(([, , same]) => same).map(([a, p]) => [a.guid, p.guid])).toEqual([
      ["agency-1001", "https://partner.example/p/77"],
      ["agency-1002", "https://partner.example/p/78"],
    ]);
  });

  it("reads spelling variants as one word (hamza, ta marbuta, alef maqsura, the article)", () => {
    expect(matchText("الإنتاج النفطي إلى مستوى")).toBe(matchText("انتاج النفطي الى مستوي"));
  });

  it("does not group two stories that share only a short headline's words", () => {
    expect(isSameStory(copy({ title: "عاجل: زلزال", lead: "زلزال بقوة 5 درجات في الشمال" }), copy({ title: "عاجل: زلزال", lead: "هزة أرضية تضرب الجنوب فجراً" }))).toBe(false);
  });
});

describe("back-off", () => {
  it("doubles the interval with each failure in a row, up to a day", () => {
    expect([1, 2, 3].map((failures) => backoffMinutes(15, failures))).toEqual([30, 60, 120]);
    expect(backoffMinutes(15, 40)).toBe(1440);
  });
});
