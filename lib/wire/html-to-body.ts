import { parseDocument } from "htmlparser2";
import { isTag, isText, type ChildNode, type Element } from "domhandler";
import {
  articleBodySchema,
  emptyArticleBody,
  isSafeHref,
  MAX_BODY_TEXT_CHARS,
  MAX_TEXT_NODE_CHARS,
  type ArticleBody,
  type BlockNode,
  type InlineNode,
  type ListItemNode,
  type Mark,
  type ParagraphNode,
} from "@/lib/articles/body-schema";

// A feed entry's HTML becomes a story body: htmlparser2 reads the HTML (as forgiving as a browser),
// and this walk keeps only what the body schema has words for: paragraphs, h2/h3, quotes, lists,
// rules, bold, italic and http(s) links, resolved against the entry's own URL. Scripts, styles,
// frames, forms and media are dropped with everything inside them. Images are dropped too: an
// outlet's picture is not ours to hotlink, and an editor adds our own. The result then passes
// through articleBodySchema like any body a person typed, so nothing the schema refuses gets in.

const DROPPED = new Set([
  "script", "style", "iframe", "frame", "frameset", "object", "embed", "noscript", "template", "svg", "math",
  "form", "input", "button", "select", "textarea", "option", "head", "title", "meta", "link", "base",
  "img", "picture", "source", "video", "audio", "track", "canvas", "map", "area", "dialog",
]);
const BLOCKS = new Set([
  "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "figure", "figcaption",
  "address", "center", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "pre",
  "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "hr", "details", "summary", "body", "html",
]);
const WHITESPACE = /[\s\u00a0]+/g;
const STRAY_CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const TEXT_BUDGET = MAX_BODY_TEXT_CHARS - 1_000;

type Context = { base: string; textChars: number };

/** The plain text of an HTML fragment (titles and leads): tags dropped, entities decoded, spaces collapsed. */
export function htmlToPlainText(html: string): string {
  if (!html.includes("<") && !html.includes("&")) return html.replace(STRAY_CONTROL_CHARACTERS, "").replace(WHITESPACE, " ").trim();
  const parts: string[] = [];
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (isText(node)) parts.push(node.data);
      else if (isTag(node) && !DROPPED.has(node.name)) {
        if (BLOCKS.has(node.name) || node.name === "br") parts.push(" ");
        walk(node.children);
      }
    }
  };
  walk(parseDocument(html, { decodeEntities: true }).children);
  return parts.join("").replace(STRAY_CONTROL_CHARACTERS, "").replace(WHITESPACE, " ").trim();
}

/**
 * The body document of an entry's HTML, validated by the body schema. `base` resolves relative
 * links. An entry whose HTML has no text gives the lead as one paragraph, else an empty body.
 */
export function htmlToArticleBody(html: string, base: string, fallbackText = ""): ArticleBody {
  const context: Context = { base, textChars: 0 };
  const blocks = blocksOf(parseDocument(html, { decodeEntities: true }).children, context, 0);
  if (!blocks.length && fallbackText.trim()) blocks.push(paragraph([{ type: "text", text: fallbackText.trim().slice(0, MAX_TEXT_NODE_CHARS) }]));
  const parsed = articleBodySchema.safeParse(blocks.length ? { type: "doc", content: blocks } : emptyArticleBody());
  // The walk only builds what the schema allows, within its limits; this is the schema's last word.
  return parsed.success ? parsed.data : emptyArticleBody();
}

function paragraph(content: InlineNode[]): ParagraphNode {
  return { type: "paragraph", content };
}

/** Block nodes of a run of HTML nodes. Inline runs between blocks become paragraphs. */
function blocksOf(nodes: ChildNode[], context: Context, listDepth: number): BlockNode[] {
  const blocks: BlockNode[] = [];
  let inline: ChildNode[] = [];
  const flush = () => {
    const content = inlineOf(inline, context, []);
    inline = [];
    if (content.length) blocks.push(paragraph(content));
  };
  for (const node of nodes) {
    if (context.textChars > TEXT_BUDGET) break;
    if (isTag(node) && DROPPED.has(node.name)) continue;
    if (!isTag(node) || !BLOCKS.has(node.name)) {
      if (isTag(node) && node.name === "br" && inline.length && isTag(inline[inline.length - 1]!) && (inline[inline.length - 1] as Element).name === "br") {
        // Two line breaks in a row are how many feeds separate paragraphs.
        inline.pop();
        flush();
        continue;
      }
      inline.push(node);
      continue;
    }
    flush();
    blocks.push(...blockOf(node, context, listDepth));
  }
  flush();
  return blocks;
}

function blockOf(element: Element, context: Context, listDepth: number): BlockNode[] {
  switch (element.name) {
    case "h1":
    case "h2":
    case "h3":
    case "h4":
    case "h5":
    case "h6": {
      const content = inlineOf(element.children, context, []);
      return content.length ? [{ type: "heading", attrs: { level: element.name <= "h2" ? 2 : 3 }, content }] : [];
    }
    case "hr":
      return [{ type: "horizontalRule" }];
    case "blockquote": {
      const paragraphs = flattenToParagraphs(blocksOf(element.children, context, 2));
      return paragraphs.length ? [{ type: "blockquote", content: paragraphs }] : [];
    }
    case "ul":
    case "ol": {
      // A list may hold one nested list (the schema's depth); deeper ones become paragraphs.
      if (listDepth >= 2) return blocksOf(element.children, context, listDepth);
      const items: ListItemNode[] = [];
      for (const child of element.children) {
        if (isTag(child) && child.name === "li") {
          const inner = blocksOf(child.children, context, listDepth + 1);
          const content = inner.flatMap((block) =>
            block.type === "paragraph" || block.type === "bulletList" || block.type === "orderedList" ? [block] : flattenToParagraphs([block]),
          );
          if (content.length) items.push({ type: "listItem", content } as ListItemNode);
        } else if (!isText(child) || child.data.trim()) {
          const stray = flattenToParagraphs(blocksOf([child], context, listDepth + 1));
          if (stray.length) items.push({ type: "listItem", content: stray });
        }
      }
      if (!items.length) return [];
      return [element.name === "ol" ? { type: "orderedList", content: items } : { type: "bulletList", content: items }];
    }
    default:
      return blocksOf(element.children, context, listDepth);
  }
}

/** Paragraphs only (for quotes and list items): headings keep their text, lists their items' text. */
function flattenToParagraphs(blocks: BlockNode[]): ParagraphNode[] {
  const out: ParagraphNode[] = [];
  for (const block of blocks) {
    if (block.type === "paragraph") out.push(block);
    else if (block.type === "heading" && block.content?.length) out.push(paragraph([...block.content]));
    else if (block.type === "blockquote") out.push(...block.content);
    else if (block.type === "bulletList" || block.type === "orderedList") {
      for (const item of block.content) out.push(...flattenToParagraphs(item.content as BlockNode[]));
    }
  }
  return out;
}

/** Inline nodes of a run of HTML nodes, with the marks of the elements around them. */
function inlineOf(nodes: ChildNode[], context: Context, marks: Mark[]): InlineNode[] {
  const out: InlineNode[] = [];
  const push = (text: string) => {
    const clean = text.replace(STRAY_CONTROL_CHARACTERS, "").replace(WHITESPACE, " ");
    if (!clean) return;
    const last = out[out.length - 1];
    // HTML collapses a space after a space or at a line's start.
    const collapsed = (!last || last.type === "hardBreak" || (last.type === "text" && last.text.endsWith(" "))) ? clean.replace(/^ /, "") : clean;
    if (!collapsed) return;
    if (last?.type === "text" && sameMarks(last.marks, marks) && last.text.length + collapsed.length <= MAX_TEXT_NODE_CHARS) {
      last.text += collapsed;
    } else {
      for (let start = 0; start < collapsed.length; start += MAX_TEXT_NODE_CHARS) {
        out.push(marks.length ? { type: "text", text: collapsed.slice(start, start + MAX_TEXT_NODE_CHARS), marks: [...marks] } : { type: "text", text: collapsed.slice(start, start + MAX_TEXT_NODE_CHARS) });
      }
    }
    context.textChars += collapsed.length;
  };
  for (const node of nodes) {
    if (context.textChars > TEXT_BUDGET) break;
    if (isText(node)) {
      push(node.data);
      continue;
    }
    if (!isTag(node) || DROPPED.has(node.name)) continue;
    if (node.name === "br") {
      if (out.length && out[out.length - 1]!.type !== "hardBreak") out.push({ type: "hardBreak" });
      continue;
    }
    // An element's first run of text may continue the text before it (same marks): one node, not two.
    const [first, ...rest] = inlineOf(node.children, context, withMark(node, marks, context));
    if (first && !(first.type === "text" && mergeInto(out, first))) out.push(first);
    out.push(...rest);
  }
  // No trailing space or break at the end of a paragraph.
  while (out.length) {
    const last = out[out.length - 1]!;
    if (last.type === "hardBreak") out.pop();
    else if (last.type === "text" && last.text.endsWith(" ")) {
      last.text = last.text.trimEnd();
      if (!last.text) out.pop();
      else break;
    } else break;
  }
  return out;
}

/** Merges a child's first text node into the previous node when their marks agree; true if merged. */
function mergeInto(out: InlineNode[], child: InlineNode): boolean {
  const last = out[out.length - 1];
  if (last?.type !== "text" || child.type !== "text" || !sameMarks(last.marks, child.marks)) return false;
  if (last.text.length + child.text.length > MAX_TEXT_NODE_CHARS) return false;
  last.text += last.text.endsWith(" ") && child.text.startsWith(" ") ? child.text.slice(1) : child.text;
  return true;
}

function withMark(element: Element, marks: Mark[], context: Context): Mark[] {
  const has = (type: Mark["type"]) => marks.some((mark) => mark.type === type);
  switch (element.name) {
    case "b":
    case "strong":
      return has("bold") ? marks : [...marks, { type: "bold" }];
    case "i":
    case "em":
    case "cite":
      return has("italic") ? marks : [...marks, { type: "italic" }];
    case "a": {
      if (has("link")) return marks;
      const href = resolveHref(element.attribs.href, context.base);
      return href ? [...marks, { type: "link", attrs: { href } }] : marks;
    }
    default:
      return marks;
  }
}

function resolveHref(href: string | undefined, base: string): string | null {
  if (!href) return null;
  try {
    const url = new URL(href.trim(), base || undefined);
    return (url.protocol === "http:" || url.protocol === "https:") && isSafeHref(url.href) ? url.href : null;
  } catch {
    return null;
  }
}

function sameMarks(a: readonly Mark[] | undefined, b: readonly Mark[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}
