import "server-only";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { bodyFromPlainText } from "@/lib/articles/body-text";
import { articleStatus, type ArticleStatus } from "@/db/schema";
import { AUTHORS_MAX, type ArticleDraftInput, type StatusIntent } from "@/lib/articles/schemas";
import { MAX_ROW_ID } from "@/db/ids";
import { ValidationError, type FieldErrors } from "@/lib/errors";
import { findSectionBySlug } from "@/lib/sections/queries";
import { findAuthorIdsBySlugs } from "@/lib/users/queries";

// The JSON API's article input: names a wire service would use (section and author slugs, tag
// names, plain-text bodies), translated into the editor's ArticleDraftInput. The values
// themselves are validated by articleDraftSchema inside createArticle/updateArticle, and its
// field errors are renamed back to the API's names (apiFieldErrors).

/** Every status a story can have, for the API's `status` filter. */
export const ARTICLE_STATUSES = articleStatus.enumValues;

const optionalString = z.string({ error: "يجب أن يكون نصاً" }).optional();
const stringList = z.array(z.string({ error: "يجب أن يكون نصاً" }), { error: "يجب أن يكون قائمة نصوص" }).optional();

export const apiArticleInputSchema = z.strictObject(
  {
    title: optionalString,
    slug: optionalString,
    dek: optionalString,
    body: z.unknown().optional(),
    bodyText: z.string({ error: "bodyText يجب أن يكون نصاً" }).max(500_000, { error: "النص طويل جداً" }).optional(),
    section: optionalString,
    authors: stringList,
    tags: stringList,
    readAlso: z.array(z.number({ error: "يجب أن يكون رقماً" }), { error: "يجب أن يكون قائمة أرقام" }).optional(),
    sourceName: optionalString,
    sourceUrl: optionalString,
    isBreaking: z.boolean({ error: "يجب أن يكون true أو false" }).optional(),
    heroMediaId: z.number({ error: "يجب أن يكون رقماً" }).nullable().optional(),
    correction: optionalString,
    live: z.boolean({ error: "يجب أن يكون true أو false" }).optional(),
    liveEndedAt: z.iso
      .datetime({ offset: true, error: "وقت انتهاء التغطية بصيغة ISO 8601 مع المنطقة الزمنية، أو null" })
      .nullable()
      .optional(),
    status: z
      .enum(["draft", "published", "scheduled", "unpublished"], {
        error: "الحالة واحدة من draft أو published أو scheduled أو unpublished",
      })
      .optional(),
    scheduledAt: z.iso
      .datetime({ offset: true, error: "موعد النشر بصيغة ISO 8601 مع المنطقة الزمنية، مثل 2026-01-01T09:00:00+03:00" })
      .optional(),
    version: z.number({ error: "الإصدار رقم صحيح" }).int({ error: "الإصدار رقم صحيح" }).positive().max(MAX_ROW_ID, { error: "الإصدار رقم صحيح" }).optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `حقول غير معروفة: ${issue.keys.join(", ")}` : "أرسل كائن JSON") },
);

export type ApiArticleInput = z.output<typeof apiArticleInputSchema>;

const API_FIELD_NAMES: Record<string, string> = {
  sectionId: "section",
  authorIds: "authors",
  tagNames: "tags",
  readAlsoIds: "readAlso",
};

/** Field errors from the domain (articleDraftSchema names) under the API's names. */
export function apiFieldErrors(errors: FieldErrors): FieldErrors {
  const renamed: FieldErrors = {};
  for (const [key, messages] of Object.entries(errors)) (renamed[API_FIELD_NAMES[key] ?? key] ??= []).push(...messages);
  return renamed;
}

export type ResolvedInput = { draft: ArticleDraftInput; intent: StatusIntent } | { fieldErrors: FieldErrors };

/**
 * Builds the draft from the request, on top of `base` (the stored story, for PATCH) or from
 * scratch (POST, where title, body, section and authors are required).
 */
export async function resolveApiArticleInput(
  db: Executor,
  input: ApiArticleInput,
  base?: ArticleDraftInput,
  baseStatus?: ArticleStatus,
): Promise<ResolvedInput> {
  const errors: FieldErrors = {};
  const draft: ArticleDraftInput = base ? { ...base } : ({} as ArticleDraftInput);

  if (input.title !== undefined) draft.title = input.title;
  else if (!base) errors.title = ["العنوان مطلوب"];
  if (input.slug !== undefined) draft.slug = input.slug;
  if (input.dek !== undefined) draft.dek = input.dek;

  if (input.body !== undefined && input.bodyText !== undefined) {
    errors.body = ["أرسل body أو bodyText، لا كليهما"];
  } else if (input.bodyText !== undefined) {
    draft.body = bodyFromPlainText(input.bodyText);
  } else if (input.body !== undefined) {
    draft.body = input.body as ArticleDraftInput["body"];
  } else if (!base) {
    errors.body = ["نص الخبر مطلوب: أرسل bodyText (نص عادي) أو body (مستند)"];
  }

  if (input.section !== undefined) {
    const sectionId = (await findSectionBySlug(db, input.section))?.id;
    if (sectionId === undefined) errors.section = [`لا يوجد قسم بالرابط «${input.section}»`];
    else draft.sectionId = sectionId;
  } else if (!base) {
    errors.section = ["القسم مطلوب (رابطه المختصر)"];
  }

  if (input.authors !== undefined) {
    // An API key is nobody: the byline must name at least one real author.
    if (input.authors.length === 0) errors.authors = ["اذكر كاتباً واحداً على الأقل (رابط صفحته)"];
    // Checked before the lookup: a list of thousands is refused without a query or an echo of it.
    else if (input.authors.length > AUTHORS_MAX) errors.authors = [`لا يزيد الكتّاب على ${AUTHORS_MAX}`];
    else {
      const { ids, unknown } = await findAuthorIdsBySlugs(db, input.authors);
      if (unknown.length) errors.authors = [`لا يوجد كاتب بالرابط: ${unknown.join("، ")}`];
      else draft.authorIds = ids;
    }
  } else if (!base) {
    errors.authors = ["اذكر كاتباً واحداً على الأقل (رابط صفحته)"];
  }

  if (input.tags !== undefined) draft.tagNames = input.tags;
  if (input.readAlso !== undefined) draft.readAlsoIds = input.readAlso;
  if (input.sourceName !== undefined) draft.sourceName = input.sourceName;
  if (input.sourceUrl !== undefined) draft.sourceUrl = input.sourceUrl;
  if (input.isBreaking !== undefined) draft.isBreaking = input.isBreaking;
  if (input.heroMediaId !== undefined) draft.heroMediaId = input.heroMediaId;
  if (input.correction !== undefined) draft.correction = input.correction;
  if (input.live !== undefined) draft.live = input.live;
  if (input.liveEndedAt !== undefined) draft.liveEndedAt = input.liveEndedAt;
  // Turning a coverage off forgets its end with it.
  if (input.live === false && input.liveEndedAt === undefined) draft.liveEndedAt = null;

  let intent: StatusIntent = { action: "save" };
  if (input.scheduledAt !== undefined && input.status !== "scheduled") {
    errors.scheduledAt = ['scheduledAt يُرسل مع "status": "scheduled" فقط'];
  }
  switch (input.status) {
    case undefined:
      break;
    case "draft":
      // A story that has been published or scheduled goes back down with "unpublished", never silently.
      if (baseStatus !== undefined && baseStatus !== "draft") {
        errors.status = ['الخبر ليس مسودة؛ لإنزاله أرسل "status": "unpublished"'];
      }
      break;
    case "published":
      intent = { action: "publish" };
      break;
    case "scheduled":
      if (input.scheduledAt === undefined) errors.scheduledAt = ["موعد النشر مطلوب للجدولة"];
      else intent = { action: "schedule", at: new Date(input.scheduledAt) };
      break;
    case "unpublished":
      if (!base) errors.status = ["خبر جديد لا يُلغى نشره"];
      else intent = { action: "unpublish" };
      break;
  }
  if (Object.keys(errors).length) return { fieldErrors: errors };
  return { draft, intent };
}

/**
 * Runs createArticle/updateArticle for the API: their field errors are renamed to the API's names
 * (section, not sectionId); every other error, and the HTTP answer, is left to withApiKey.
 */
export async function withApiFieldNames<T>(command: Promise<T>): Promise<T> {
  try {
    return await command;
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(apiFieldErrors(error.fieldErrors), error.message);
    throw error;
  }
}
