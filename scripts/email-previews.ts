import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { chromium } from "@playwright/test";
import sharp from "sharp";
import {
  renderBreakingAlertEmail,
  renderConfirmationEmail,
  renderDigestEmail,
  type EmailContent,
  type EmailFrame,
  type EmailStory,
} from "@/lib/newsletters/emails";

// `npm run email:preview`: renders the newsletter e-mails (lib/newsletters/emails.tsx) with fixed
// sample data to screenshots/email-*.html, .txt (the plain-text part) and .png, a phone (390px)
// and a desktop (1366px) full-page shot of each, in Debian's Chromium.
//
// Plain `tsx`, without --conditions=react-server: under that condition `react-dom/server`
// resolves to a stub that throws «react-dom/server is not supported in React Server Components»,
// and React Email's render() needs it. The templates import nothing that asks for the condition.
//
// Images are JPEG data: URIs made here, so nothing is fetched. Real e-mails carry absolute https
// URLs; Gmail does not show data: images. This machine's only Arabic face is DejaVu Sans, so the
// glyphs differ from Tahoma or Segoe UI in a real client; sizes, direction and layout do not.

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const OUT_DIR = path.resolve("screenshots");
const WIDTHS = [390, 1366] as const;

const SITE = { siteName: "أخبار اليوم", siteUrl: "https://akhbar.example" };
const frame: EmailFrame = {
  ...SITE,
  listName: "نشرة اليوم",
  unsubscribeUrl: "https://akhbar.example/newsletters/unsubscribe?token=9f2c1d7e5a4b3c2d1e0f",
  preferencesUrl: "https://akhbar.example/newsletters/preferences?token=9f2c1d7e5a4b3c2d1e0f",
};

/** A photo-like JPEG: a sky gradient over a skyline, in the story's colours. */
async function sampleImage(top: string, bottom: string, ground: string): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1120" height="630">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient></defs>
    <rect width="1120" height="630" fill="url(#sky)"/>
    <circle cx="860" cy="170" r="70" fill="#fff6d5" opacity="0.85"/>
    <path d="M0 470 L90 470 L90 380 L170 380 L170 300 L240 300 L240 420 L330 420 L330 340 L420 340 L420 260 L470 230 L520 260 L520 400 L610 400 L610 320 L700 320 L700 440 L800 440 L800 360 L880 360 L880 410 L980 410 L980 330 L1060 330 L1060 450 L1120 450 L1120 630 L0 630 Z" fill="${ground}"/>
  </svg>`;
  const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString("base64")}`;
}

function story(id: number, fields: Omit<EmailStory, "url" | "imageUrl" | "imageAlt"> & { imageUrl?: string; imageAlt?: string }): EmailStory {
  return { url: `https://akhbar.example/news/${id}`, imageUrl: null, imageAlt: "", ...fields };
}

async function sampleStories(): Promise<EmailStory[]> {
  const [oil, stadium, library] = await Promise.all([
    sampleImage("#f4a261", "#e9c46a", "#264653"),
    sampleImage("#457b9d", "#a8dadc", "#1d3557"),
    sampleImage("#6d597a", "#e56b6f", "#355070"),
  ]);
  return [
    story(4101, {
      title: "أسعار النفط ترتفع لليوم الثالث مع ترقب قرار تحالف أوبك+ بشأن الإنتاج",
      dek: "صعد خام برنت إلى أعلى مستوى في ستة أسابيع، فيما يترقب المتعاملون اجتماع التحالف يوم الأحد وسط توقعات بتمديد خفض الإمدادات حتى نهاية الربع المقبل.",
      sectionName: "اقتصاد",
      timeLabel: "منذ ساعتين",
      imageUrl: oil,
      imageAlt: "منشأة نفطية عند الغروب",
    }),
    story(4102, {
      title: "الأسهم العالمية تتراجع بعد بيانات أمريكية قوية ومؤشر S&P 500 يفقد 1.2%",
      dek: "قلّصت بيانات التوظيف الأمريكية الرهانات على خفض قريب للفائدة، فتراجعت أسهم التكنولوجيا وارتفع الدولار أمام العملات الرئيسية.",
      sectionName: "أسواق",
      timeLabel: "منذ 3 ساعات",
    }),
    story(4103, {
      title: "نادي Real Madrid يقلب تأخره بهدفين إلى فوز مثير في دوري أبطال أوروبا",
      dek: "سجّل الفريق ثلاثة أهداف في آخر عشرين دقيقة ليحسم المباراة ويتصدر مجموعته قبل جولتين من نهاية دور المجموعات.",
      sectionName: "رياضة",
      timeLabel: "منذ 5 ساعات",
      imageUrl: stadium,
      imageAlt: "ملعب كرة قدم مضاء ليلًا",
    }),
    story(4104, {
      title: "شركة OpenAI تعلن تحسينات في فهم اللهجات العربية داخل نماذجها الجديدة",
      dek: "تقول الشركة إن النماذج باتت تفهم اللهجات الخليجية والمصرية والمغاربية بدقة أعلى، ويرى باحثون أن الاختبارات المستقلة ما زالت ضرورية.",
      sectionName: "تكنولوجيا",
      timeLabel: "منذ 7 ساعات",
    }),
    story(4105, {
      title: "معرض الكتاب يفتح أبوابه بمشاركة 900 دار نشر وبرنامج ثقافي يمتد عشرة أيام",
      dek: "يستضيف المعرض هذا العام أكثر من مئتي فعالية بين ندوات وتوقيعات وورش للأطفال، مع جناح خاص للترجمة.",
      sectionName: "ثقافة",
      timeLabel: "أمس، 21:40",
      imageUrl: library,
      imageAlt: "زوار بين أجنحة معرض الكتاب",
    }),
    story(4106, {
      title: "إطلاق قمر صناعي عربي لرصد المناخ ومراقبة الموارد المائية والزراعية",
      dek: "يحمل القمر أجهزة استشعار تلتقط صورًا كل ثلاثة أيام، وتقول الجهة المشغلة إن بياناته ستكون متاحة للباحثين مجانًا.",
      sectionName: "علوم",
      timeLabel: "أمس، 18:15",
    }),
  ];
}

async function samples(): Promise<Record<string, EmailContent>> {
  const stories = await sampleStories();
  const breaking: EmailStory = {
    ...stories[0]!,
    url: "https://akhbar.example/news/4200",
    title: "تحالف أوبك+ يقرر تمديد خفض الإنتاج حتى نهاية العام المقبل",
    dek: "أعلن التحالف بعد اجتماع استمر خمس ساعات تمديد الخفض الطوعي البالغ مليوني برميل يوميًا، وقفزت أسعار النفط فور صدور البيان.",
    timeLabel: "منذ 5 دقائق",
  };
  return {
    digest: await renderDigestEmail({ frame, dateLabel: "السبت 28 نوفمبر 2026", webUrl: "https://akhbar.example/newsletters/daily/2026-11-28", stories }),
    alert: await renderBreakingAlertEmail({ frame: { ...frame, listName: "الأخبار العاجلة" }, story: breaking }),
    confirm: await renderConfirmationEmail({
      ...SITE,
      confirmUrl: "https://akhbar.example/newsletters/confirm?token=c0ffee2b7d9e4a1f8b3c6d5e4f3a2b1c",
      listNames: ["نشرة اليوم", "الأخبار العاجلة"],
      expiresInHours: 48,
    }),
  };
}

async function main() {
  await mkdir(OUT_DIR, { recursive: true });
  const emails = await samples();
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    for (const [name, email] of Object.entries(emails)) {
      const htmlPath = path.join(OUT_DIR, `email-${name}.html`);
      await writeFile(htmlPath, email.html);
      await writeFile(path.join(OUT_DIR, `email-${name}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
      for (const width of WIDTHS) {
        const page = await browser.newPage({ viewport: { width, height: 800 } });
        await page.goto(`file://${htmlPath}`);
        const shot = path.join(OUT_DIR, `email-${name}-${width}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        await page.close();
        console.log(shot);
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
