import {
  emptyArticleBody,
  isSafeHref,
  MAX_TEXT_NODE_CHARS,
  type ArticleBody,
  type BlockNode,
  type ImageNode,
  type InlineNode,
  type ListItemNode,
  type Mark,
  type ParagraphNode,
  type TextNode,
} from "@/lib/articles/body-schema";
import { bodyHeadingTags, type BodyHeadingTag } from "@/lib/articles/body-outline";

/*
 * Conversions between the article body document and plain text or HTML.
 * Nothing here validates: callers building a body from untrusted text still
 * run the result through `articleBodySchema`, which enforces the size caps.
 */

export { isSafeHref };

// ------------------------------------------------------------ building

// Wire copy sometimes carries stray control characters; Postgres jsonb refuses
// U+0000 outright, and the rest only confuse renderers. Tab and newline stay.
const STRAY_CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Splits long text into schema-sized text nodes without cutting a surrogate pair. */
function textNodes(text: string): TextNode[] {
  const nodes: TextNode[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + MAX_TEXT_NODE_CHARS, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    nodes.push({ type: "text", text: text.slice(start, end) });
    start = end;
  }
  return nodes;
}

/** One paragraph's text: each line becomes text, single newlines become hard breaks. */
function inlineFromText(text: string): InlineNode[] {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return lines.flatMap((line, index): InlineNode[] =>
    index === 0 ? textNodes(line) : [{ type: "hardBreak" }, ...textNodes(line)],
  );
}

function paragraphFromText(text: string): ParagraphNode {
  const content = inlineFromText(text);
  return content.length > 0 ? { type: "paragraph", content } : { type: "paragraph" };
}

function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(STRAY_CONTROL_CHARACTERS, "")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
}

/** Plain text (as wire services send it) to a body: blank lines separate paragraphs. */
export function bodyFromPlainText(text: string): ArticleBody {
  const paragraphs = splitParagraphs(text).map(paragraphFromText);
  return paragraphs.length > 0 ? { type: "doc", content: paragraphs } : emptyArticleBody();
}

export type BodyBlockSpec = string | { h2: string } | { h3: string } | { quote: string } | { list: string[] };

function blockFromSpec(block: BodyBlockSpec): BlockNode {
  if (typeof block === "string") return paragraphFromText(block);
  if ("h2" in block) return { type: "heading", attrs: { level: 2 }, content: inlineFromText(block.h2) };
  if ("h3" in block) return { type: "heading", attrs: { level: 3 }, content: inlineFromText(block.h3) };
  if ("quote" in block) {
    const paragraphs = splitParagraphs(block.quote).map(paragraphFromText);
    return { type: "blockquote", content: paragraphs.length > 0 ? paragraphs : [{ type: "paragraph" }] };
  }
  return {
    type: "bulletList",
    content: block.list.map((item): ListItemNode => ({ type: "listItem", content: [paragraphFromText(item)] })),
  };
}

/** A compact way to write demo bodies: strings are paragraphs, objects are other blocks. */
export function bodyFromBlocks(blocks: BodyBlockSpec[]): ArticleBody {
  return blocks.length > 0 ? { type: "doc", content: blocks.map(blockFromSpec) } : emptyArticleBody();
}

// ------------------------------------------------------------ plain text

function inlineToPlainText(content: readonly InlineNode[] | undefined): string {
  return (content ?? []).map((node) => (node.type === "text" ? node.text : "\n")).join("");
}

function collectPlainTextBlocks(nodes: readonly (BlockNode | ListItemNode)[], blocks: string[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case "paragraph":
      case "heading": {
        const text = inlineToPlainText(node.content).trim();
        if (text.length > 0) blocks.push(text);
        break;
      }
      case "blockquote":
      case "bulletList":
      case "orderedList":
      case "listItem":
        collectPlainTextBlocks(node.content, blocks);
        break;
      // Images and rules carry no running text; alt text would pollute excerpts.
      case "image":
      case "horizontalRule":
        break;
    }
  }
}

/** The running text, one block per paragraph, joined by blank lines (search, excerpts, meta). */
export function bodyToPlainText(body: ArticleBody): string {
  const blocks: string[] = [];
  collectPlainTextBlocks(body.content, blocks);
  return blocks.join("\n\n");
}

// Clause punctuation left dangling before the ellipsis reads as a typo; quotes and brackets stay.
const TRAILING_CLAUSE_PUNCTUATION = /[\s،,؛;:\-–—]+$/u;

/**
 * The start of the running text on one line, at most `maxChars` long plus «…» when cut, and
 * cut between words (a single word longer than the limit is cut inside it).
 */
export function bodyExcerpt(body: ArticleBody, maxChars: number): string {
  const text = bodyToPlainText(body).replace(/\s+/g, " ").trim();
  if (text.length <= maxChars) return text;
  const lastSpace = text.lastIndexOf(" ", maxChars);
  let end = lastSpace > 0 ? lastSpace : maxChars;
  if (lastSpace <= 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end).replace(TRAILING_CLAUSE_PUNCTUATION, "")}…`;
}

export function bodyWordCount(body: ArticleBody): number {
  return bodyToPlainText(body)
    .split(/\s+/)
    .filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

/** True when the body has neither text nor an image: what an empty editor saves. */
export function isEmptyArticleBody(body: ArticleBody): boolean {
  // The schema allows images only at the top level, so one pass finds them.
  const hasImage = body.content.some((node) => node.type === "image");
  return !hasImage && bodyToPlainText(body).trim().length === 0;
}

// ------------------------------------------------------------ URLs

/**
 * The href as the site emits it: percent-encoded ASCII, still site-relative
 * when it was. Null when the href is not one the schema allows.
 */
export function normalizeBodyUrl(href: string): string | null {
  if (!isSafeHref(href)) return null;
  try {
    if (!href.startsWith("/")) return new URL(href).href;
    const url = new URL(href, "https://site.invalid");
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return null;
  }
}

/** Like normalizeBodyUrl, but site-relative paths are resolved against siteUrl. */
export function absoluteBodyUrl(href: string, siteUrl: string): string | null {
  const normalized = normalizeBodyUrl(href);
  if (normalized === null || !normalized.startsWith("/")) return normalized;
  try {
    return new URL(`${siteUrl.replace(/\/+$/, "")}${normalized}`).href;
  } catch {
    return null;
  }
}

// ------------------------------------------------------------ HTML

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** Outermost first, so a bold link is <a><strong>…</strong></a> everywhere. */
const MARK_NESTING_ORDER: Record<Mark["type"], number> = { link: 0, bold: 1, italic: 2 };

export function marksOutermostFirst(marks: readonly Mark[] | undefined): Mark[] {
  return [...(marks ?? [])].sort((a, b) => MARK_NESTING_ORDER[a.type] - MARK_NESTING_ORDER[b.type]);
}

function textToHtml(node: TextNode, siteUrl: string): string {
  let html = escapeHtml(node.text);
  for (const mark of marksOutermostFirst(node.marks).reverse()) {
    if (mark.type === "bold") html = `<strong>${html}</strong>`;
    else if (mark.type === "italic") html = `<em>${html}</em>`;
    else {
      const href = absoluteBodyUrl(mark.attrs.href, siteUrl);
      if (href !== null) html = `<a href="${escapeHtml(href)}" rel="noopener">${html}</a>`;
    }
  }
  return html;
}

function inlineToHtml(content: readonly InlineNode[] | undefined, siteUrl: string): string {
  return (content ?? []).map((node) => (node.type === "text" ? textToHtml(node, siteUrl) : "<br>")).join("");
}

function imageToHtml({ attrs }: ImageNode, siteUrl: string): string {
  const src = absoluteBodyUrl(attrs.src, siteUrl);
  if (src === null) return "";
  const optional = [
    attrs.title ? ` title="${escapeHtml(attrs.title)}"` : "",
    attrs.width ? ` width="${attrs.width}"` : "",
    attrs.height ? ` height="${attrs.height}"` : "",
  ].join("");
  const caption = attrs.caption ? `<figcaption>${escapeHtml(attrs.caption)}</figcaption>` : "";
  return `<figure><img src="${escapeHtml(src)}" alt="${escapeHtml(attrs.alt)}"${optional}>${caption}</figure>`;
}

/** `headingTag` is the heading's place in the page outline (see body-outline); headings only occur at the top level. */
function blockToHtml(node: BlockNode | ListItemNode, siteUrl: string, headingTag: BodyHeadingTag = "h2"): string {
  const children = (nodes: readonly (BlockNode | ListItemNode)[]) =>
    nodes.map((child) => blockToHtml(child, siteUrl)).join("");
  switch (node.type) {
    case "paragraph":
      return `<p>${inlineToHtml(node.content, siteUrl)}</p>`;
    case "heading":
      return `<${headingTag}>${inlineToHtml(node.content, siteUrl)}</${headingTag}>`;
    case "blockquote":
      return `<blockquote>${children(node.content)}</blockquote>`;
    case "bulletList":
      return `<ul>${children(node.content)}</ul>`;
    case "orderedList": {
      const start = node.attrs?.start;
      return `<ol${start !== undefined && start !== 1 ? ` start="${start}"` : ""}>${children(node.content)}</ol>`;
    }
    case "listItem":
      return `<li>${children(node.content)}</li>`;
    case "horizontalRule":
      return "<hr>";
    case "image":
      return imageToHtml(node, siteUrl);
    default:
      return "";
  }
}

/**
 * HTML for RSS `content:encoded`. Every text and attribute is escaped and only
 * the schema's nodes are emitted, so the output is safe by construction;
 * site-relative URLs become absolute because feed readers have no base URL.
 */
export function bodyToHtml(body: ArticleBody, { siteUrl }: { siteUrl: string }): string {
  const headingTags = bodyHeadingTags(body);
  return body.content.map((node, index) => blockToHtml(node, siteUrl, headingTags.get(index))).join("\n");
}
