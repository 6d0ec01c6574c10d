import { Button, Heading, Link } from "@react-email/components";
import { render } from "@react-email/render";
import type { ReactElement } from "react";
import { formatCount, HOURS } from "@/lib/i18n/dates";
import {
  assertAbsoluteUrl,
  Block,
  colors,
  Divider,
  EmailDocument,
  joinTextLines,
  ListFooter,
  listFooterText,
  Masthead,
  Paragraph,
  Rule,
  rtlText,
  SiteFooter,
  siteFooterText,
  StoryImage,
  storyMeta,
  storyText,
  subjectLine,
  TEXT_RULE,
} from "./email-parts";

/*
 * The newsletter e-mails (issue 15): input in, subject and both MIME parts out. Pure: no
 * database, no environment, so the sender, the previews (scripts/email-previews.ts) and the
 * tests render exactly the same message. Every piece of user text reaches the HTML as a React
 * text child, escaped; the plain-text part is written from the same data, not scraped from the
 * HTML, so its URLs stand whole on their own lines.
 */

export type EmailContent = { subject: string; html: string; text: string };
/** What every list e-mail carries at its foot. All URLs absolute. */
export type EmailFrame = { siteName: string; siteUrl: string; listName: string; unsubscribeUrl: string; preferencesUrl: string };
export type EmailStory = { title: string; url: string; dek: string; sectionName: string; imageUrl: string | null; imageAlt: string; timeLabel: string };

const DIGEST_NAME = "نشرة اليوم";
const BREAKING_LABEL = "عاجل";
// The count's digits: DATE_DIGITS defaults to latn and this module reads no configuration.
const COUNT_DIGITS = "latn";

async function renderEmail(subject: string, element: ReactElement, textLines: string[]): Promise<EmailContent> {
  return { subject, html: await render(element), text: joinTextLines(textLines) };
}

export async function renderConfirmationEmail(input: {
  siteName: string;
  siteUrl: string;
  confirmUrl: string;
  listNames: string[];
  expiresInHours: number;
}): Promise<EmailContent> {
  const confirmUrl = assertAbsoluteUrl(input.confirmUrl, "confirmUrl");
  const subject = subjectLine(`أكّد اشتراكك في ${input.siteName}`);
  const lists = input.listNames.map((name) => `«${name}»`);
  const asked =
    lists.length === 0
      ? `طلبت الاشتراك في نشرات ${input.siteName} البريدية.`
      : lists.length === 1
        ? `طلبت الاشتراك في ${lists[0]} من ${input.siteName}.`
        : `طلبت الاشتراك في هذه النشرات من ${input.siteName}:`;
  const bullets = lists.length > 1 ? input.listNames.map((name) => `• ${name}`) : [];
  const nextStep = "اضغط الزر لتأكيد اشتراكك، ثم تصلك الرسائل على هذا العنوان.";
  const expiry = `ينتهي هذا الرابط خلال ${formatCount(input.expiresInHours, HOURS, COUNT_DIGITS)}.`;
  const copyLink = "إن لم يعمل الزر، انسخ هذا الرابط والصقه في المتصفح:";
  const notYou = "إن لم تطلب هذا الاشتراك فيكفي أن تتجاهل هذه الرسالة، ولن يصلك منّا شيء.";

  const html = (
    <EmailDocument title={subject} preview={`${asked} ${expiry}`}>
      <Masthead siteName={input.siteName} siteUrl={input.siteUrl} />
      <Divider />
      <Block>
        <Heading as="h1" dir="rtl" style={{ ...rtlText, fontSize: "24px", lineHeight: "36px", color: colors.ink, margin: "0 0 16px" }}>
          أكّد اشتراكك
        </Heading>
        <Paragraph style={bullets.length ? { margin: "0 0 8px" } : undefined}>{asked}</Paragraph>
        {bullets.map((bullet) => (
          <Paragraph key={bullet} style={{ margin: "0 0 4px", paddingRight: "8px", fontWeight: 700 }}>
            {bullet}
          </Paragraph>
        ))}
        <Paragraph style={bullets.length ? { marginTop: "16px" } : undefined}>{nextStep}</Paragraph>
      </Block>
      <Block style={{ paddingBottom: "24px" }}>
        <Button
          href={confirmUrl}
          dir="rtl"
          style={{
            ...rtlText,
            textAlign: "center",
            backgroundColor: colors.brand,
            color: colors.paper,
            fontSize: "18px",
            fontWeight: 700,
            borderRadius: "6px",
            padding: "14px 32px",
          }}
        >
          أكّد الاشتراك
        </Button>
      </Block>
      <Block style={{ paddingBottom: "24px" }}>
        <Paragraph style={{ fontWeight: 700, color: colors.ink }}>{expiry}</Paragraph>
        <Paragraph style={{ fontSize: "14px", lineHeight: "24px", color: colors.muted, margin: "0 0 4px" }}>{copyLink}</Paragraph>
        <Paragraph style={{ fontSize: "14px", lineHeight: "22px", margin: "0 0 20px", wordBreak: "break-all" }}>
          <Link href={confirmUrl} dir="ltr" style={{ color: colors.link, textDecoration: "underline" }}>
            {confirmUrl}
          </Link>
        </Paragraph>
        <Paragraph style={{ fontSize: "15px", color: colors.muted, margin: 0 }}>{notYou}</Paragraph>
      </Block>
      <SiteFooter siteName={input.siteName} siteUrl={input.siteUrl} />
    </EmailDocument>
  );

  const text = [
    input.siteName,
    TEXT_RULE,
    "أكّد اشتراكك",
    "",
    asked,
    ...bullets,
    "",
    nextStep,
    "",
    "أكّد الاشتراك:",
    confirmUrl,
    "",
    expiry,
    "",
    notYou,
    "",
    ...siteFooterText(input),
  ];
  return renderEmail(subject, html, text);
}

export async function renderDigestEmail(input: {
  frame: EmailFrame;
  dateLabel: string;
  webUrl: string;
  stories: EmailStory[];
}): Promise<EmailContent> {
  const { frame, stories } = input;
  const webUrl = assertAbsoluteUrl(input.webUrl, "webUrl");
  const [lead] = stories;
  const subject = subjectLine(`«${DIGEST_NAME}» من ${frame.siteName}: ${lead ? lead.title : input.dateLabel}`);
  const readOnline = "اقرأ النشرة على الموقع";
  const empty = "لا أخبار في نشرة اليوم. تابع آخر الأخبار على الموقع.";

  const html = (
    <EmailDocument title={subject} preview={stories.length ? stories.map((story) => story.title).join(" · ") : empty}>
      <Masthead siteName={frame.siteName} siteUrl={frame.siteUrl} />
      <Block style={{ paddingTop: "4px" }}>
        <Heading as="h1" dir="rtl" style={{ ...rtlText, fontSize: "20px", lineHeight: "30px", color: colors.ink, margin: 0 }}>
          {DIGEST_NAME}
        </Heading>
        <Paragraph style={{ fontSize: "15px", lineHeight: "24px", color: colors.muted, margin: "0 0 8px" }}>{input.dateLabel}</Paragraph>
        <Paragraph style={{ fontSize: "15px", lineHeight: "24px", margin: "0 0 8px" }}>
          <Link href={webUrl} style={{ color: colors.link, textDecoration: "underline" }}>
            {readOnline}
          </Link>
        </Paragraph>
      </Block>
      <Divider />
      {stories.length === 0 ? (
        <Block style={{ paddingBottom: "12px" }}>
          <Paragraph>{empty}</Paragraph>
        </Block>
      ) : (
        stories.map((story, index) => (
          <DigestStory key={`${index}:${story.url}`} story={story} last={index === stories.length - 1} />
        ))
      )}
      <ListFooter frame={frame} />
    </EmailDocument>
  );

  const text = [
    `${frame.siteName}: ${DIGEST_NAME}`,
    input.dateLabel,
    "",
    `${readOnline}:`,
    webUrl,
    "",
    ...(stories.length === 0 ? [TEXT_RULE, empty, ""] : stories.flatMap((story) => [TEXT_RULE, ...storyText(story), ""])),
    ...listFooterText(frame),
  ];
  return renderEmail(subject, html, text);
}

function DigestStory({ story, last }: { story: EmailStory; last: boolean }) {
  const meta = storyMeta(story);
  return (
    <Block style={{ paddingBottom: last ? "24px" : "4px" }}>
      <StoryImage story={story} />
      {meta && (
        <Paragraph style={{ fontSize: "14px", lineHeight: "22px", color: colors.brand, fontWeight: 700, margin: "0 0 4px" }}>{meta}</Paragraph>
      )}
      <Heading as="h2" dir="rtl" style={{ ...rtlText, fontSize: "20px", lineHeight: "32px", margin: "0 0 8px" }}>
        <Link href={assertAbsoluteUrl(story.url, "story url")} style={{ color: colors.ink, fontWeight: 700, textDecoration: "none" }}>
          {story.title}
        </Link>
      </Heading>
      {story.dek.trim() && <Paragraph style={{ margin: "0 0 16px" }}>{story.dek}</Paragraph>}
      {!last && <Rule />}
    </Block>
  );
}

export async function renderBreakingAlertEmail(input: { frame: EmailFrame; story: EmailStory }): Promise<EmailContent> {
  const { frame, story } = input;
  const storyUrl = assertAbsoluteUrl(story.url, "story url");
  const subject = subjectLine(`${BREAKING_LABEL}: ${story.title}`);
  const readMore = "اقرأ الخبر كاملًا";
  const meta = storyMeta(story);

  const html = (
    <EmailDocument title={subject} preview={story.dek || story.title}>
      <Masthead siteName={frame.siteName} siteUrl={frame.siteUrl} />
      <Block style={{ paddingTop: "12px" }}>
        <Paragraph style={{ margin: "0 0 12px" }}>
          <span style={{ backgroundColor: colors.breaking, color: colors.paper, fontWeight: 700, fontSize: "15px", padding: "4px 12px", borderRadius: "4px" }}>
            {BREAKING_LABEL}
          </span>
        </Paragraph>
        <Heading as="h1" dir="rtl" style={{ ...rtlText, fontSize: "26px", lineHeight: "40px", margin: "0 0 8px" }}>
          <Link href={storyUrl} style={{ color: colors.ink, fontWeight: 700, textDecoration: "none" }}>
            {story.title}
          </Link>
        </Heading>
        {meta && <Paragraph style={{ fontSize: "14px", lineHeight: "22px", color: colors.muted, margin: "0 0 16px" }}>{meta}</Paragraph>}
        <StoryImage story={story} />
        {story.dek.trim() && <Paragraph style={{ fontSize: "17px", lineHeight: "30px" }}>{story.dek}</Paragraph>}
      </Block>
      <Block style={{ paddingBottom: "28px" }}>
        <Button
          href={storyUrl}
          style={{ ...rtlText, textAlign: "center", backgroundColor: colors.breaking, color: colors.paper, fontSize: "17px", fontWeight: 700, borderRadius: "6px", padding: "12px 28px" }}
        >
          {readMore}
        </Button>
      </Block>
      <ListFooter frame={frame} />
    </EmailDocument>
  );

  const text = [
    `${frame.siteName}: ${BREAKING_LABEL}`,
    TEXT_RULE,
    story.title,
    ...(meta ? [meta] : []),
    "",
    ...(story.dek.trim() ? [story.dek, ""] : []),
    `${readMore}:`,
    storyUrl,
    "",
    ...listFooterText(frame),
  ];
  return renderEmail(subject, html, text);
}
