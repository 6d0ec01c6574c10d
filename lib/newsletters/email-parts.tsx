import type { CSSProperties, ReactNode } from "react";
import { Body, Column, Container, Head, Hr, Html, Img, Link, Preview, Row, Text } from "@react-email/components";
import type { EmailFrame, EmailStory } from "./emails";

/*
 * The pieces every newsletter e-mail is built from, in HTML and in plain text side by side so
 * the two parts of one message say the same thing.
 *
 * Mail clients keep little of the page: Gmail drops <style> in some views, Outlook for Windows
 * renders with Word, several webmails strip the attributes of <html>. So every block carries
 * its own dir="rtl", align="right" and inline text-align, and every piece of text carries the
 * font stack. Tahoma and Segoe UI have Arabic glyphs on Windows and Outlook, Arial on Android
 * and Apple clients falls back to the system's Arabic face; no web font is fetched.
 */

export const FONT_STACK = 'Tahoma, "Segoe UI", Arial, sans-serif';
/** The column's width on a desktop; phones shrink it to the screen. */
export const CONTENT_WIDTH = 600;
const GUTTER = 20;
export const INNER_WIDTH = CONTENT_WIDTH - 2 * GUTTER;

// The site's palette (app/globals.css), every text colour at least 4.5:1 on its background.
export const colors = {
  brand: "#8c1c13",
  breaking: "#b3140b",
  ink: "#1b1b1b",
  body: "#333333",
  muted: "#5a5a5a",
  rule: "#e4e0d9",
  paper: "#ffffff",
  wash: "#f7f4ef",
  link: "#0b4f8a",
} as const;

export const rtlText: CSSProperties = { direction: "rtl", textAlign: "right", fontFamily: FONT_STACK };

/** A link target must be an absolute http(s) URL: a relative one is dead in an inbox. */
export function assertAbsoluteUrl(value: string, what: string): string {
  let protocol: string | null = null;
  try {
    protocol = new URL(value).protocol;
  } catch {
    // reported below
  }
  if (protocol !== "https:" && protocol !== "http:") {
    throw new Error(`newsletter e-mail: ${what} must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** One line for a mail header: no line breaks, runs of spaces collapsed, at most `max` characters. */
export function subjectLine(text: string, max = 120): string {
  const line = text.replace(/\s+/g, " ").trim();
  const characters = Array.from(line);
  if (characters.length <= max) return line;
  const cut = characters.slice(0, max - 1).join("");
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** «السياسة · منذ ساعتين», leaving out whichever half is empty. */
export function storyMeta(story: EmailStory): string {
  return [story.sectionName, story.timeLabel].filter((part) => part.trim() !== "").join(" · ");
}

/** A full-width, single-cell row whose cell carries the direction, alignment and padding. */
export function Block({ children, style, align = "right" }: { children: ReactNode; style?: CSSProperties; align?: "right" | "center" }) {
  return (
    <Row dir="rtl" style={{ width: "100%" }}>
      <Column dir="rtl" align={align} style={{ ...rtlText, textAlign: align, padding: `0 ${GUTTER}px`, ...style }}>
        {children}
      </Column>
    </Row>
  );
}

export function Paragraph({ children, style }: { children: ReactNode; style?: CSSProperties }) {
  return (
    <Text dir="rtl" style={{ ...rtlText, fontSize: "16px", lineHeight: "28px", color: colors.body, margin: "0 0 16px", ...style }}>
      {children}
    </Text>
  );
}

/** The page around every e-mail: a 600px white column on the site's wash, with a brand rule on top. */
export function EmailDocument({ title, preview, children }: { title: string; preview: string; children: ReactNode }) {
  return (
    <Html lang="ar" dir="rtl">
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
        <title>{title}</title>
      </Head>
      <Body dir="rtl" style={{ ...rtlText, backgroundColor: colors.wash, margin: 0, padding: "24px 0" }}>
        <Preview>{preview}</Preview>
        <Container
          dir="rtl"
          align="center"
          style={{
            ...rtlText,
            maxWidth: `${CONTENT_WIDTH}px`,
            width: "100%",
            backgroundColor: colors.paper,
            borderTop: `4px solid ${colors.brand}`,
          }}
        >
          {children}
        </Container>
      </Body>
    </Html>
  );
}

export function Masthead({ siteName, siteUrl }: { siteName: string; siteUrl: string }) {
  return (
    <Block style={{ paddingTop: "20px" }}>
      <Link href={assertAbsoluteUrl(siteUrl, "siteUrl")} style={{ ...rtlText, color: colors.brand, fontSize: "24px", lineHeight: "32px", fontWeight: 700 }}>
        {siteName}
      </Link>
    </Block>
  );
}

export function Rule() {
  return <Hr style={{ borderTop: `1px solid ${colors.rule}`, margin: "8px 0 20px" }} />;
}

/** A rule across the column, inside the gutters. */
export function Divider() {
  return (
    <Block>
      <Rule />
    </Block>
  );
}

export function StoryImage({ story }: { story: EmailStory }) {
  if (!story.imageUrl) return null;
  return (
    <Img
      src={story.imageUrl}
      alt={story.imageAlt}
      width={INNER_WIDTH}
      style={{ width: "100%", maxWidth: `${INNER_WIDTH}px`, height: "auto", borderRadius: "4px", margin: "0 0 12px", ...rtlText }}
    />
  );
}

/** Why the reader gets this, and the two ways out, both visible (not only in List-Unsubscribe). */
export function ListFooter({ frame }: { frame: EmailFrame }) {
  const linkStyle: CSSProperties = { color: colors.link, textDecoration: "underline", fontWeight: 700 };
  return (
    <Block style={{ backgroundColor: colors.wash, paddingTop: "20px", paddingBottom: "20px", borderTop: `1px solid ${colors.rule}` }}>
      <Paragraph style={{ fontSize: "14px", lineHeight: "24px", color: colors.muted, margin: "0 0 12px" }}>
        {listReason(frame)}
      </Paragraph>
      <Paragraph style={{ fontSize: "15px", lineHeight: "26px", margin: "0 0 12px" }}>
        <Link href={assertAbsoluteUrl(frame.unsubscribeUrl, "unsubscribeUrl")} style={linkStyle}>
          إلغاء الاشتراك
        </Link>
        {"  ·  "}
        <Link href={assertAbsoluteUrl(frame.preferencesUrl, "preferencesUrl")} style={linkStyle}>
          إدارة الاشتراكات
        </Link>
      </Paragraph>
      <SiteLink siteName={frame.siteName} siteUrl={frame.siteUrl} />
    </Block>
  );
}

function SiteLink({ siteName, siteUrl }: { siteName: string; siteUrl: string }) {
  return (
    <Paragraph style={{ fontSize: "14px", lineHeight: "24px", color: colors.muted, margin: 0 }}>
      <Link href={assertAbsoluteUrl(siteUrl, "siteUrl")} style={{ color: colors.muted, textDecoration: "underline" }}>
        {siteName}
      </Link>
    </Paragraph>
  );
}

/** The foot of a message that is not a list's: only where it came from. */
export function SiteFooter({ siteName, siteUrl }: { siteName: string; siteUrl: string }) {
  return (
    <Block style={{ backgroundColor: colors.wash, paddingTop: "16px", paddingBottom: "16px", borderTop: `1px solid ${colors.rule}` }}>
      <SiteLink siteName={siteName} siteUrl={siteUrl} />
    </Block>
  );
}

function listReason(frame: EmailFrame): string {
  return `وصلتك هذه الرسالة لأنك مشترك في قائمة «${frame.listName}» في ${frame.siteName}.`;
}

// Plain text: short lines, each URL whole on a line of its own so no client wraps or reorders it
// into the Arabic around it.

export const TEXT_RULE = "—".repeat(24);

export function listFooterText(frame: EmailFrame): string[] {
  return [
    TEXT_RULE,
    listReason(frame),
    "",
    "إلغاء الاشتراك:",
    frame.unsubscribeUrl,
    "",
    "إدارة الاشتراكات:",
    frame.preferencesUrl,
    "",
    ...siteFooterText(frame),
  ];
}

export function siteFooterText({ siteName, siteUrl }: { siteName: string; siteUrl: string }): string[] {
  return [`${siteName}:`, siteUrl];
}

export function storyText(story: EmailStory): string[] {
  const meta = storyMeta(story);
  return [story.title, ...(meta ? [meta] : []), ...(story.dek.trim() ? [story.dek] : []), story.url];
}

export function joinTextLines(lines: string[]): string {
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trim()}\n`;
}
