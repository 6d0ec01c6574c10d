import { z } from "zod";
import { MAX_ROW_ID } from "@/db/ids";
import { articleBodySchema } from "@/lib/articles/body-schema";
import { isSafeHref } from "@/lib/articles/body-schema";

export const TITLE_MAX = 200;
export const DEK_MAX = 400;
export const SLUG_MAX = 100;
export const TAGS_MAX = 15;
export const TAG_NAME_MAX = 60;
/** Other spellings one tag answers to in search (lib/tags/commands storeTagAliases). */
export const TAG_ALIASES_MAX = 10;
export const READ_ALSO_MAX = 8;
export const AUTHORS_MAX = 5;

const id = z.coerce
  .number({ error: "معرّف غير صالح" })
  .int({ error: "معرّف غير صالح" })
  .positive({ error: "معرّف غير صالح" })
  .max(MAX_ROW_ID, { error: "معرّف غير صالح" });

const distinct = <T>(items: T[]) => new Set(items).size === items.length;

/** What an editor or the API may write on a story. One schema for the form, the JSON API and the seed. */
export const articleDraftSchema = z.object({
  title: z
    .string({ error: "العنوان مطلوب" })
    .trim()
    .min(1, { error: "العنوان مطلوب" })
    .max(TITLE_MAX, { error: `العنوان أطول من ${TITLE_MAX} حرف` }),
  slug: z
    .string()
    .trim()
    .max(SLUG_MAX, { error: `الرابط المختصر أطول من ${SLUG_MAX} حرف` })
    .optional()
    .default(""),
  dek: z.string().trim().max(DEK_MAX, { error: `الموجز أطول من ${DEK_MAX} حرف` }).default(""),
  body: articleBodySchema,
  sectionId: id,
  authorIds: z
    .array(id)
    .min(1, { error: "اختر كاتباً واحداً على الأقل" })
    .max(AUTHORS_MAX, { error: `لا يزيد الكتّاب على ${AUTHORS_MAX}` })
    .refine(distinct, { error: "كاتب مكرر" }),
  tagNames: z
    .array(
      z
        .string()
        .trim()
        .min(1, { error: "اسم الوسم فارغ" })
        .max(TAG_NAME_MAX, { error: `اسم الوسم أطول من ${TAG_NAME_MAX} حرف` })
        .refine((name) => /[\p{L}\p{N}]/u.test(name), { error: "اسم الوسم يحتاج إلى حرف أو رقم" }),
    )
    .max(TAGS_MAX, { error: `لا تزيد الوسوم على ${TAGS_MAX}` })
    .default([]),
  readAlsoIds: z
    .array(id)
    .max(READ_ALSO_MAX, { error: `لا تزيد روابط «اقرأ أيضاً» على ${READ_ALSO_MAX}` })
    .refine(distinct, { error: "خبر مكرر في «اقرأ أيضاً»" })
    .default([]),
  sourceName: z.string().trim().max(120, { error: "اسم المصدر أطول من 120 حرفاً" }).default(""),
  sourceUrl: z
    .string()
    .trim()
    .max(500, { error: "رابط المصدر طويل جداً" })
    .refine((url) => url === "" || (/^https?:\/\//i.test(url) && isSafeHref(url)), {
      error: "رابط المصدر يجب أن يبدأ بـ http:// أو https://",
    })
    .default(""),
  isBreaking: z.boolean().default(false),
  heroMediaId: id.nullable().default(null),
  correction: z.string().trim().max(1000, { error: "نص التصحيح أطول من 1000 حرف" }).default(""),
  /** A live coverage (lib/live): entries are posted under the body while it runs. */
  live: z.boolean({ error: "يجب أن يكون true أو false" }).default(false),
  /** When the coverage ended; null while it runs (or for a story that is not live). */
  liveEndedAt: z
    .union([
      z.date({ error: "وقت انتهاء التغطية غير صالح" }),
      z.iso
        .datetime({ offset: true, error: "وقت انتهاء التغطية بصيغة ISO 8601 مع المنطقة الزمنية" })
        .transform((value) => new Date(value)),
    ])
    .nullable()
    .default(null),
});

export type ArticleDraftInput = z.input<typeof articleDraftSchema>;
export type ArticleDraft = z.output<typeof articleDraftSchema>;

export type StatusIntent =
  | { action: "save" }
  | { action: "publish" }
  | { action: "schedule"; at: Date }
  | { action: "unpublish" };
