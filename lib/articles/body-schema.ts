import { z } from "zod";

/*
 * The article body is a Tiptap (ProseMirror) JSON document, never HTML.
 * This schema is the single list of what a body may contain; the editor, the
 * admin API, the wire-ingest API and the renderers all rely on it. Anything it
 * does not name is rejected, and attributes it does not name are stripped, so
 * a parsed body can be rendered without further sanitising.
 */

export const MAX_BODY_DEPTH = 6;
export const MAX_BODY_NODES = 20_000;
export const MAX_BODY_TEXT_CHARS = 200_000;
export const MAX_TEXT_NODE_CHARS = 20_000;
export const MAX_HREF_CHARS = 2_048;
export const MAX_IMAGE_TEXT_CHARS = 300;
export const MAX_IMAGE_DIMENSION = 10_000;

const DISALLOWED_URL_MESSAGE = "رابط غير مسموح: يجب أن يبدأ بـ http أو https أو /";
const DISALLOWED_IMAGE_SRC_MESSAGE = "مصدر صورة غير مسموح: يجب أن يبدأ بـ http أو https أو /";

// Browsers drop tab and newline anywhere in a URL and trim control characters
// at its ends, so "java\tscript:" runs as "javascript:". Rather than normalise
// the way a browser would, refuse every control character outright. A
// backslash is refused too: browsers read "/\evil.example" as "//evil.example".
const URL_FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * True for http(s) URLs with a host and for site-relative paths ("/news/1").
 * Everything else is false: other schemes (javascript:, data:, vbscript:),
 * protocol-relative "//host", bare relative paths and HTML-entity tricks,
 * which never start with "/" or "http(s)://".
 */
export function isSafeHref(href: string): boolean {
  if (href.length === 0 || href.length > MAX_HREF_CHARS) return false;
  if (URL_FORBIDDEN_CHARACTERS.test(href) || href !== href.trim()) return false;
  if (href.startsWith("/")) return !href.startsWith("//");
  if (!/^https?:\/\//i.test(href)) return false;
  try {
    const url = new URL(href);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Tiptap writes `null` for unset attributes; treat that as absent. */
function nullAsAbsent(value: unknown): unknown {
  return value === null ? undefined : value;
}

/** An empty caption or title from the editor's form means "none". */
function blankAsAbsent(value: unknown): unknown {
  return typeof value === "string" && value.trim() === "" ? undefined : nullAsAbsent(value);
}

const optionalImageText = (label: string) =>
  z.preprocess(
    blankAsAbsent,
    z
      .string({ error: `${label} يجب أن يكون نصاً` })
      .trim()
      .max(MAX_IMAGE_TEXT_CHARS, { error: `${label} أطول من ${MAX_IMAGE_TEXT_CHARS} حرف` })
      .optional(),
  );

const optionalImageDimension = (label: string) =>
  z.preprocess(
    nullAsAbsent,
    z
      .int({ error: `${label} يجب أن يكون عدداً صحيحاً` })
      .positive({ error: `${label} يجب أن يكون أكبر من صفر` })
      .max(MAX_IMAGE_DIMENSION, { error: `${label} أكبر من ${MAX_IMAGE_DIMENSION}` })
      .optional(),
  );

// ---------------------------------------------------------------- marks

const boldMarkSchema = z.object({ type: z.literal("bold") });
const italicMarkSchema = z.object({ type: z.literal("italic") });
const linkMarkSchema = z.object({
  type: z.literal("link"),
  // target, rel and class are not declared, so they are stripped: the renderer
  // decides rel, and links never open a new window by the author's choice.
  attrs: z.object(
    {
      href: z
        .string({ error: "الرابط يجب أن يكون نصاً" })
        .refine(isSafeHref, { error: DISALLOWED_URL_MESSAGE }),
    },
    { error: "الرابط ينقصه العنوان (href)" },
  ),
});

const KNOWN_MARK_TYPES = ["bold", "italic", "link"] as const;

const markSchema = z.discriminatedUnion("type", [boldMarkSchema, italicMarkSchema, linkMarkSchema], {
  error: (issue) =>
    issue.code === "invalid_union"
      ? `تنسيق غير مسموح: ${describeType(issue.input)}. المسموح: ${KNOWN_MARK_TYPES.join("، ")}`
      : "تنسيق غير صالح: يجب أن يكون كائناً له type",
});

// ---------------------------------------------------------------- nodes

// Every node type the schema knows, so that a known node in the wrong place
// ("heading inside a list item") reads differently from an unknown one ("html").
const KNOWN_NODE_TYPES = new Set([
  "doc",
  "paragraph",
  "heading",
  "blockquote",
  "bulletList",
  "orderedList",
  "listItem",
  "horizontalRule",
  "image",
  "text",
  "hardBreak",
]);

function describeType(input: unknown): string {
  const type = typeof input === "object" && input !== null ? (input as { type?: unknown }).type : undefined;
  return typeof type === "string" ? `«${type.slice(0, 40)}»` : "بلا نوع";
}

/** A discriminated union on `type` whose failure says where the node was found. */
function nodeUnion<const Options extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]>(
  placeName: string,
  options: Options,
) {
  return z.discriminatedUnion("type", options, {
    error: (issue) => {
      if (issue.code !== "invalid_union") return "عنصر غير صالح: يجب أن يكون كائناً له type";
      const type = describeType(issue.input);
      const rawType = (issue.input as { type?: unknown } | undefined)?.type;
      return typeof rawType === "string" && KNOWN_NODE_TYPES.has(rawType)
        ? `العنصر ${type} غير مسموح ${placeName}`
        : `نوع عنصر غير معروف: ${type}`;
    },
  });
}

const textNodeSchema = z.object({
  type: z.literal("text"),
  text: z
    .string({ error: "النص يجب أن يكون نصاً" })
    .min(1, { error: "عقدة النص فارغة" })
    .max(MAX_TEXT_NODE_CHARS, { error: `عقدة النص أطول من ${MAX_TEXT_NODE_CHARS} حرف` })
    // Postgres jsonb cannot store U+0000; catch it here instead of as a 500.
    .refine((text) => !text.includes("\u0000"), { error: "النص يحوي محرفاً غير مسموح (U+0000)" }),
  marks: z.array(markSchema).max(10, { error: "تنسيقات أكثر من اللازم على نص واحد" }).optional(),
});

const hardBreakNodeSchema = z.object({ type: z.literal("hardBreak") });

const inlineNodeSchema = nodeUnion("داخل الفقرة", [textNodeSchema, hardBreakNodeSchema]);
const inlineContentSchema = z.array(inlineNodeSchema).optional();

// Paragraph attributes (textAlign and friends) are not declared, so they are
// stripped: alignment follows the page direction, not the author's toolbar.
const paragraphNodeSchema = z.object({
  type: z.literal("paragraph"),
  content: inlineContentSchema,
});

const headingNodeSchema = z.object({
  type: z.literal("heading"),
  attrs: z.object(
    { level: z.literal([2, 3], { error: "مستوى العنوان يجب أن يكون 2 أو 3" }) },
    { error: "العنوان ينقصه المستوى (2 أو 3)" },
  ),
  content: inlineContentSchema,
});

const blockquoteNodeSchema = z.object({
  type: z.literal("blockquote"),
  content: z
    .array(nodeUnion("داخل الاقتباس", [paragraphNodeSchema]))
    .min(1, { error: "الاقتباس فارغ" }),
});

const horizontalRuleNodeSchema = z.object({ type: z.literal("horizontalRule") });

const imageNodeSchema = z.object({
  type: z.literal("image"),
  attrs: z.object(
    {
      src: z
        .string({ error: "مصدر الصورة مطلوب" })
        .refine(isSafeHref, { error: DISALLOWED_IMAGE_SRC_MESSAGE }),
      alt: z
        .string({ error: "النص البديل للصورة مطلوب" })
        .trim()
        .min(1, { error: "النص البديل للصورة مطلوب" })
        .max(MAX_IMAGE_TEXT_CHARS, { error: `النص البديل أطول من ${MAX_IMAGE_TEXT_CHARS} حرف` }),
      title: optionalImageText("عنوان الصورة"),
      caption: optionalImageText("تعليق الصورة"),
      width: optionalImageDimension("عرض الصورة"),
      height: optionalImageDimension("ارتفاع الصورة"),
    },
    { error: "الصورة تنقصها الخصائص (src و alt)" },
  ),
});

// Lists are the only recursive part of the document. The getters let zod
// resolve the cycle lazily; the explicit return types break TypeScript's.
const listItemNodeSchema = z.object({
  type: z.literal("listItem"),
  get content(): z.ZodArray<ListItemChildSchema> {
    return z.array(listItemChildSchema).min(1, { error: "عنصر القائمة فارغ" });
  },
});

const bulletListNodeSchema = z.object({
  type: z.literal("bulletList"),
  get content(): z.ZodArray<typeof listItemUnionSchema> {
    return z.array(listItemUnionSchema).min(1, { error: "القائمة فارغة" });
  },
});

const orderedListNodeSchema = z.object({
  type: z.literal("orderedList"),
  attrs: z
    .object({ start: z.preprocess(nullAsAbsent, z.int().min(0).max(100_000).optional()) })
    .optional(),
  get content(): z.ZodArray<typeof listItemUnionSchema> {
    return z.array(listItemUnionSchema).min(1, { error: "القائمة فارغة" });
  },
});

const listItemUnionSchema = nodeUnion("داخل القائمة", [listItemNodeSchema]);

type ListItemChildSchema = z.ZodDiscriminatedUnion<
  [typeof paragraphNodeSchema, typeof bulletListNodeSchema, typeof orderedListNodeSchema],
  "type"
>;
const listItemChildSchema: ListItemChildSchema = nodeUnion("داخل عنصر القائمة", [
  paragraphNodeSchema,
  bulletListNodeSchema,
  orderedListNodeSchema,
]);

const blockNodeSchema = nodeUnion("في متن المقال", [
  paragraphNodeSchema,
  headingNodeSchema,
  blockquoteNodeSchema,
  bulletListNodeSchema,
  orderedListNodeSchema,
  horizontalRuleNodeSchema,
  imageNodeSchema,
]);

const documentSchema = z.object(
  {
    type: z.literal("doc", { error: "المتن يجب أن يكون مستنداً من نوع doc" }),
    content: z.array(blockNodeSchema, { error: "المتن ينقصه المحتوى" }),
  },
  { error: "المتن يجب أن يكون مستنداً (JSON) وليس نصاً" },
);

// ---------------------------------------------------------------- limits

/**
 * Walks the raw input without recursion, before zod sees it, so that a hostile
 * payload nested thousands of levels deep is refused cheaply instead of
 * exhausting the stack inside the recursive schema.
 */
function checkDocumentLimits(input: unknown, ctx: z.RefinementCtx): void {
  type Pending = { value: unknown; depth: number; path: (string | number)[] };
  const pending: Pending[] = [{ value: input, depth: 0, path: [] }];
  let nodeCount = 0;
  let textChars = 0;

  while (pending.length > 0) {
    const { value, depth, path } = pending.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (depth > MAX_BODY_DEPTH) {
      ctx.addIssue({
        code: "custom",
        message: `المتن متداخل أكثر من ${MAX_BODY_DEPTH} مستويات`,
        path,
      });
      return;
    }
    nodeCount += 1;
    if (nodeCount > MAX_BODY_NODES) {
      ctx.addIssue({ code: "custom", message: `المتن يحوي أكثر من ${MAX_BODY_NODES} عنصر` });
      return;
    }
    const { text, content } = value as { text?: unknown; content?: unknown };
    if (typeof text === "string") {
      textChars += text.length;
      if (textChars > MAX_BODY_TEXT_CHARS) {
        ctx.addIssue({ code: "custom", message: `المتن أطول من ${MAX_BODY_TEXT_CHARS} حرف` });
        return;
      }
    }
    if (Array.isArray(content)) {
      content.forEach((child, index) => {
        pending.push({ value: child, depth: depth + 1, path: [...path, "content", index] });
      });
    }
  }
}

/**
 * The article body: a Tiptap document limited to paragraphs, h2/h3 headings,
 * quotes, lists, rules and images, with bold, italic and http(s) or
 * site-relative links. Depth counts every node below the document, text
 * included, so a list may hold one nested list and no deeper.
 */
export const articleBodySchema = z.unknown().superRefine(checkDocumentLimits).pipe(documentSchema);

export type ArticleBody = z.infer<typeof articleBodySchema>;
export type BlockNode = z.infer<typeof blockNodeSchema>;
export type ParagraphNode = z.infer<typeof paragraphNodeSchema>;
export type HeadingNode = z.infer<typeof headingNodeSchema>;
export type BlockquoteNode = z.infer<typeof blockquoteNodeSchema>;
export type BulletListNode = z.infer<typeof bulletListNodeSchema>;
export type OrderedListNode = z.infer<typeof orderedListNodeSchema>;
export type ListNode = BulletListNode | OrderedListNode;
export type ListItemNode = z.infer<typeof listItemNodeSchema>;
export type HorizontalRuleNode = z.infer<typeof horizontalRuleNodeSchema>;
export type ImageNode = z.infer<typeof imageNodeSchema>;
export type InlineNode = z.infer<typeof inlineNodeSchema>;
export type TextNode = z.infer<typeof textNodeSchema>;
export type HardBreakNode = z.infer<typeof hardBreakNodeSchema>;
export type Mark = z.infer<typeof markSchema>;
export type LinkMark = z.infer<typeof linkMarkSchema>;

/** Arabic fallback for generic zod messages the schema does not word itself. */
const arabicLocale = z.locales.ar();

export function parseArticleBody(input: unknown) {
  return articleBodySchema.safeParse(input, { error: arabicLocale.localeError });
}

/** What Tiptap itself produces for an empty editor: one empty paragraph. */
export function emptyArticleBody(): ArticleBody {
  return { type: "doc", content: [{ type: "paragraph" }] };
}
