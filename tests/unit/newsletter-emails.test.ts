import { describe, it, expect } from "vitest";
import {
  renderBreakingAlertEmail,
  renderConfirmationEmail,
  renderDigestEmail,
  type EmailContent,
  type EmailFrame,
  type EmailStory,
} from "@/lib/newsletters/emails";

const frame: EmailFrame = {
  siteName: "أخبار اليوم",
  siteUrl: "https://akhbar.example",
  listName: "نشرة اليوم",
  unsubscribeUrl: "https://akhbar.example/newsletters/unsubscribe?token=u-123&list=daily",
  preferencesUrl: "https://akhbar.example/newsletters/preferences?token=p-456",
};

function story(id: number, overrides: Partial<EmailStory> = {}): EmailStory {
  return {
    title: `عنوان الخبر رقم ${id} عن أسعار النفط`,
    url: `https://akhbar.example/news/${id}/slug-${id}`,
    dek: `ملخص الخبر ${id} في سطرين.`,
    sectionName: "اقتصاد",
    imageUrl: null,
    imageAlt: "",
    timeLabel: "منذ ساعتين",
    ...overrides,
  };
}

const stories = [
  story(1, { imageUrl: "https://cdn.akhbar.example/media/1-600.jpg", imageAlt: "منشأة نفطية" }),
  story(2),
  story(3, { imageUrl: "https://cdn.akhbar.example/media/3-600.jpg", imageAlt: "ملعب" }),
];

const HOSTILE = `<script>alert(1)</script> "quotes" & 'apostrophes'`;

const digest = () => renderDigestEmail({ frame, dateLabel: "السبت 28 نوفمبر 2026", webUrl: "https://akhbar.example/newsletters/daily/2026-11-28", stories });
const alert = () => renderBreakingAlertEmail({ frame: { ...frame, listName: "الأخبار العاجلة" }, story: story(9, { title: "انفجار في ميناء المدينة" }) });
const confirmation = (overrides: Partial<Parameters<typeof renderConfirmationEmail>[0]> = {}) =>
  renderConfirmationEmail({
    siteName: "أخبار اليوم",
    siteUrl: "https://akhbar.example",
    confirmUrl: "https://akhbar.example/newsletters/confirm?token=c-789",
    listNames: ["نشرة اليوم", "الأخبار العاجلة"],
    expiresInHours: 48,
    ...overrides,
  });

async function allThree(): Promise<{ digest: EmailContent; alert: EmailContent; confirmation: EmailContent }> {
  return { digest: await digest(), alert: await alert(), confirmation: await confirmation() };
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/\bhref="([^"]*)"/g)].map((match) => match[1]!.replaceAll("&amp;", "&"));
}

const HTML_TAG = /<\/?[a-z][a-z0-9]*(\s[^>]*)?>/i;

describe("newsletter e-mails: the document", () => {
  it("is Arabic and right to left on <html>, and again on the column and every block", async () => {
    for (const [name, email] of Object.entries(await allThree())) {
      expect(email.html, name).toMatch(/<html[^>]*\blang="ar"/);
      expect(email.html, name).toMatch(/<html[^>]*\bdir="rtl"/);
      expect(email.html, name).toMatch(/<body[^>]*\bdir="rtl"/);
      // Clients that drop <html>'s attributes still see the direction on the cells that hold text.
      const cells = [...email.html.matchAll(/<td[^>]*data-id="__react-email-column"[^>]*>/g)].map((match) => match[0]);
      expect(cells.length, name).toBeGreaterThan(2);
      for (const cell of cells) {
        expect(cell).toContain('dir="rtl"');
        expect(cell).toMatch(/direction:rtl;text-align:(right|center)/);
      }
      for (const paragraph of email.html.match(/<p [^>]*>/g) ?? []) expect(paragraph).toContain("text-align:right");
      expect(email.html, name).toContain("max-width:600px");
      expect(email.html, name).toContain("font-family:Tahoma");
    }
  });

  it("carries no script, stylesheet, web font or relative link", async () => {
    for (const [name, email] of Object.entries(await allThree())) {
      expect(email.html, name).not.toMatch(/<script|<link\b|<style|@import|@font-face|javascript:/i);
      const links = hrefs(email.html);
      expect(links.length, name).toBeGreaterThan(0);
      for (const href of links) expect(href, name).toMatch(/^https?:\/\/[^/\s]+/);
    }
  });

  it("refuses a link that is not absolute http(s) rather than mail a dead one", async () => {
    await expect(renderDigestEmail({ frame, dateLabel: "اليوم", webUrl: "/newsletters/daily", stories })).rejects.toThrow(/webUrl/);
    await expect(renderBreakingAlertEmail({ frame, story: story(1, { url: "javascript:alert(1)" }) })).rejects.toThrow(/story url/);
    await expect(renderDigestEmail({ frame: { ...frame, unsubscribeUrl: "unsubscribe" }, dateLabel: "اليوم", webUrl: "https://akhbar.example/d", stories })).rejects.toThrow(
      /unsubscribeUrl/,
    );
  });
});

describe("newsletter e-mails: the list footer", () => {
  it("names the list and shows both ways out, in the HTML and in the text of the digest and the alert", async () => {
    const { digest: daily, alert: breaking } = await allThree();
    for (const [email, listName] of [
      [daily, "نشرة اليوم"],
      [breaking, "الأخبار العاجلة"],
    ] as const) {
      for (const url of [frame.unsubscribeUrl, frame.preferencesUrl]) {
        expect(hrefs(email.html)).toContain(url);
        expect(email.text).toContain(url);
      }
      expect(email.html).toContain("إلغاء الاشتراك</a>");
      expect(email.html).toContain("إدارة الاشتراكات</a>");
      const reason = `وصلتك هذه الرسالة لأنك مشترك في قائمة «${listName}» في أخبار اليوم`;
      expect(email.html).toContain(reason);
      expect(email.text).toContain(reason);
    }
  });

  it("is not on the confirmation: nobody is subscribed yet", async () => {
    const email = await confirmation();
    for (const part of [email.html, email.text]) {
      expect(part).not.toContain("unsubscribe");
      expect(part).not.toContain("preferences");
      expect(part).not.toContain("إلغاء الاشتراك");
      expect(part).not.toContain("إدارة الاشتراكات");
      expect(part).not.toContain("مشترك في قائمة");
    }
  });
});

describe("newsletter e-mails: user text", () => {
  it("escapes a hostile title, dek, section, list and site name in the HTML and keeps them intact in the text", async () => {
    const hostileFrame = { ...frame, siteName: `موقع ${HOSTILE}`, listName: `قائمة ${HOSTILE}` };
    const hostileStory = story(7, { title: `عنوان ${HOSTILE}`, dek: `ملخص ${HOSTILE}`, sectionName: `قسم ${HOSTILE}`, imageUrl: "https://cdn.akhbar.example/7.jpg", imageAlt: `صورة ${HOSTILE}` });
    const emails = [
      await renderDigestEmail({ frame: hostileFrame, dateLabel: "اليوم", webUrl: "https://akhbar.example/d", stories: [hostileStory] }),
      await renderBreakingAlertEmail({ frame: hostileFrame, story: hostileStory }),
      await renderConfirmationEmail({ siteName: `موقع ${HOSTILE}`, siteUrl: "https://akhbar.example", confirmUrl: "https://akhbar.example/c", listNames: [`قائمة ${HOSTILE}`, "ثانية"], expiresInHours: 24 }),
    ];
    for (const email of emails) {
      expect(email.html).not.toContain("<script");
      expect(email.html).not.toContain('"quotes"');
      expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quotes&quot; &amp; &#x27;apostrophes&#x27;");
      expect(email.text).toContain(HOSTILE);
    }
    const [daily, breaking, confirm] = emails;
    expect(daily!.text).toContain(`عنوان ${HOSTILE}`);
    expect(daily!.text).toContain(`ملخص ${HOSTILE}`);
    expect(daily!.text).toContain(`قسم ${HOSTILE}`);
    expect(breaking!.subject).toBe(`عاجل: عنوان ${HOSTILE}`);
    expect(confirm!.text).toContain(`• قائمة ${HOSTILE}`);
  });

});

describe("renderDigestEmail", () => {
  it("links every story, shows its section, time, dek and image, and names the lead in the subject", async () => {
    const email = await digest();
    expect(email.subject).toBe("«نشرة اليوم» من أخبار اليوم: عنوان الخبر رقم 1 عن أسعار النفط");
    expect(email.html).toContain("نشرة اليوم");
    expect(email.html).toContain("السبت 28 نوفمبر 2026");
    expect(email.html).toContain('href="https://akhbar.example/newsletters/daily/2026-11-28"');
    expect(email.html).toContain("اقرأ النشرة على الموقع");
    for (const item of stories) {
      expect(email.html).toContain(`href="${item.url}"`);
      expect(email.html).toContain(`${item.title}</a>`);
      expect(email.html).toContain(item.dek);
    }
    expect(email.html).toContain("اقتصاد · منذ ساعتين");
    const images = email.html.match(/<img [^>]*>/g) ?? [];
    expect(images).toHaveLength(2);
    expect(images[0]).toContain('src="https://cdn.akhbar.example/media/1-600.jpg"');
    expect(images[0]).toContain('alt="منشأة نفطية"');
    expect(images[0]).toMatch(/width="560"/);
    expect(images[0]).toMatch(/max-width:560px;height:auto/);
  });

  it("writes a plain-text part with every title and full URL and no markup", async () => {
    const email = await digest();
    expect(email.text).not.toMatch(HTML_TAG);
    expect(email.text).not.toContain("&amp;");
    for (const item of stories) {
      expect(email.text).toContain(item.title);
      // Each URL whole, on a line of its own.
      expect(email.text.split("\n")).toContain(item.url);
    }
    expect(email.text.split("\n")).toContain("https://akhbar.example/newsletters/daily/2026-11-28");
    expect(email.text.split("\n")).toContain(frame.unsubscribeUrl);
    expect(email.text.indexOf(stories[0]!.title)).toBeLessThan(email.text.indexOf(stories[1]!.title));
  });

  it("keeps a long subject under 120 characters, cut at a word", async () => {
    const longTitle = "البنك المركزي يثبّت أسعار الفائدة ويلمّح إلى خفض تدريجي خلال الربع المقبل مع تراجع التضخم إلى أدنى مستوى منذ ثلاث سنوات وتحسن مؤشرات النمو";
    const email = await renderDigestEmail({ frame, dateLabel: "اليوم", webUrl: "https://akhbar.example/d", stories: [story(1, { title: longTitle })] });
    expect(Array.from(email.subject).length).toBeLessThanOrEqual(120);
    expect(email.subject.endsWith("…")).toBe(true);
    expect(longTitle).toContain(email.subject.slice("«نشرة اليوم» من أخبار اليوم: ".length, -1));
    expect(email.subject).not.toMatch(/\s…$/);
  });

  it("still renders with no stories, footer and all", async () => {
    const email = await renderDigestEmail({ frame, dateLabel: "السبت 28 نوفمبر 2026", webUrl: "https://akhbar.example/d", stories: [] });
    expect(email.subject).toBe("«نشرة اليوم» من أخبار اليوم: السبت 28 نوفمبر 2026");
    expect(email.html).toContain("لا أخبار في نشرة اليوم");
    expect(email.html).toContain(frame.unsubscribeUrl.replace("&", "&amp;"));
    expect(email.text).toContain(frame.unsubscribeUrl);
  });

  it("puts line breaks in no subject", async () => {
    const email = await renderDigestEmail({ frame, dateLabel: "اليوم", webUrl: "https://akhbar.example/d", stories: [story(1, { title: "سطر أول\r\nBcc: someone@example.com" })] });
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});

describe("renderBreakingAlertEmail", () => {
  it("leads with «عاجل» in the subject and the body and links the story", async () => {
    const email = await alert();
    expect(email.subject).toBe("عاجل: انفجار في ميناء المدينة");
    expect(email.subject.startsWith("عاجل:")).toBe(true);
    expect(email.html).toContain(">عاجل</span>");
    expect(email.html).toMatch(/<h1[^>]*><a href="https:\/\/akhbar.example\/news\/9\/slug-9"[^>]*>انفجار في ميناء المدينة<\/a><\/h1>/);
    expect(email.html).toContain("اقرأ الخبر كاملًا");
    expect(email.text).not.toMatch(HTML_TAG);
    expect(email.text.split("\n")).toContain("https://akhbar.example/news/9/slug-9");
    expect(email.text).toContain("انفجار في ميناء المدينة");
  });
});

describe("renderConfirmationEmail", () => {
  it("names the lists, links the button to the confirmation URL and says when it expires and what ignoring does", async () => {
    const email = await confirmation();
    expect(email.subject).toBe("أكّد اشتراكك في أخبار اليوم");
    expect(email.html).toMatch(/<a href="https:\/\/akhbar.example\/newsletters\/confirm\?token=c-789"[^>]*>[\s\S]*?أكّد الاشتراك/);
    for (const part of [email.html, email.text]) {
      expect(part).toContain("• نشرة اليوم");
      expect(part).toContain("• الأخبار العاجلة");
      expect(part).toContain("ينتهي هذا الرابط خلال 48 ساعة.");
      expect(part).toContain("فيكفي أن تتجاهل هذه الرسالة، ولن يصلك منّا شيء");
    }
    expect(email.text.split("\n")).toContain("https://akhbar.example/newsletters/confirm?token=c-789");
    expect(email.text).not.toMatch(HTML_TAG);
  });

  it("writes one list as a sentence and the hours in the form Arabic grammar asks for", async () => {
    const one = await confirmation({ listNames: ["نشرة اليوم"], expiresInHours: 2 });
    expect(one.text).toContain("طلبت الاشتراك في «نشرة اليوم» من أخبار اليوم.");
    expect(one.text).not.toContain("•");
    expect(one.text).toContain("خلال ساعتين.");
    expect((await confirmation({ expiresInHours: 1 })).text).toContain("خلال ساعة.");
    expect((await confirmation({ expiresInHours: 5 })).text).toContain("خلال 5 ساعات.");
    expect((await confirmation({ expiresInHours: 24 })).text).toContain("خلال 24 ساعة.");
  });
});
