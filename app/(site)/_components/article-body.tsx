import { Fragment, type ReactNode } from "react";
import type {
  ArticleBody as ArticleBodyDocument,
  BlockNode,
  ImageNode,
  InlineNode,
  ListItemNode,
  TextNode,
} from "@/lib/articles/body-schema";
import { bodyHeadingTags, type BodyHeadingTag } from "@/lib/articles/body-outline";
import { marksOutermostFirst, normalizeBodyUrl } from "@/lib/articles/body-text";
import { plainTextWithBdi } from "@/app/(site)/_components/bidi-text";

/*
 * Renders a parsed article body as plain semantic HTML, on the server. The
 * body was validated by articleBodySchema, but each renderer still ignores
 * what it does not recognise and re-checks URLs: a row written before a schema
 * change, or a caller that skipped parsing, must not be able to inject markup.
 */

function linkRel(href: string): string {
  // Site-relative links are ours; anything else is an outside site we vouch for less.
  return href.startsWith("/") ? "noopener" : "noopener nofollow ugc";
}

function renderText(node: TextNode, key: number): ReactNode {
  let rendered: ReactNode = plainTextWithBdi(node.text);
  for (const mark of marksOutermostFirst(node.marks).reverse()) {
    if (mark.type === "bold") rendered = <strong>{rendered}</strong>;
    else if (mark.type === "italic") rendered = <em>{rendered}</em>;
    else if (mark.type === "link") {
      const href = normalizeBodyUrl(mark.attrs.href);
      if (href !== null) {
        rendered = (
          <a href={href} rel={linkRel(href)}>
            {rendered}
          </a>
        );
      }
    }
  }
  return <Fragment key={key}>{rendered}</Fragment>;
}

function renderInline(content: readonly InlineNode[] | undefined): ReactNode[] {
  if (!Array.isArray(content)) return [];
  return content.map((node, index) => {
    if (typeof node !== "object" || node === null) return null;
    if (node.type === "text" && typeof node.text === "string") return renderText(node, index);
    if (node.type === "hardBreak") return <br key={index} />;
    return null;
  });
}

function renderImage({ attrs }: ImageNode, key: number): ReactNode {
  if (typeof attrs?.src !== "string" || typeof attrs.alt !== "string") return null;
  const src = normalizeBodyUrl(attrs.src);
  if (src === null) return null;
  return (
    <figure key={key}>
      <img
        src={src}
        alt={attrs.alt}
        title={attrs.title}
        width={attrs.width}
        height={attrs.height}
        loading="lazy"
        decoding="async"
      />
      {attrs.caption ? <figcaption>{plainTextWithBdi(attrs.caption)}</figcaption> : null}
    </figure>
  );
}

function renderBlocks(nodes: readonly (BlockNode | ListItemNode)[] | undefined): ReactNode[] {
  if (!Array.isArray(nodes)) return [];
  return nodes.map((node, index) => (typeof node === "object" && node !== null ? renderBlock(node, index) : null));
}

/** `headingTag` is the heading's place in the page outline (see body-outline); headings only occur at the top level. */
function renderBlock(node: BlockNode | ListItemNode, key: number, headingTag: BodyHeadingTag = "h2"): ReactNode {
  switch (node.type) {
    case "paragraph":
      // Empty paragraphs are the editor's way of adding space; layout is the stylesheet's job.
      if (!node.content?.length) return null;
      return <p key={key}>{renderInline(node.content)}</p>;
    case "heading": {
      const Heading = headingTag;
      return <Heading key={key}>{renderInline(node.content)}</Heading>;
    }
    case "blockquote":
      return <blockquote key={key}>{renderBlocks(node.content)}</blockquote>;
    case "bulletList":
      return <ul key={key}>{renderBlocks(node.content)}</ul>;
    case "orderedList": {
      const start = node.attrs?.start;
      return (
        <ol key={key} start={start !== undefined && start !== 1 ? start : undefined}>
          {renderBlocks(node.content)}
        </ol>
      );
    }
    case "listItem":
      return <li key={key}>{renderBlocks(node.content)}</li>;
    case "horizontalRule":
      return <hr key={key} />;
    case "image":
      return renderImage(node, key);
    default:
      return null;
  }
}

/** The article body as semantic elements; Latin runs in Arabic text are isolated with <bdi>. */
export function ArticleBody({ body }: { body: ArticleBodyDocument }) {
  if (!Array.isArray(body.content)) return null;
  const headingTags = bodyHeadingTags(body);
  return (
    <>
      {body.content.map((node, index) =>
        typeof node === "object" && node !== null ? renderBlock(node, index, headingTags.get(index)) : null,
      )}
    </>
  );
}
