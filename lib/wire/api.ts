import "server-only";
import { z } from "zod";
import { MAX_ROW_ID } from "@/db/ids";
import { WIRE_STATUSES, type WireItemView } from "@/lib/wire/desk";

// The wire desk's JSON API shapes: path and query schemas and what an item looks like.

const rowId = (message: string) =>
  z
    .string()
    .regex(/^\d{1,10}$/, { error: message })
    .transform(Number)
    .pipe(z.number().int().positive({ error: message }).max(MAX_ROW_ID, { error: message }));

export const sourcePath = z.object({ id: rowId("المصدر غير موجود") });
export const itemPath = z.object({ id: rowId("الخبر غير موجود في الوارد") });

export const itemsQuery = z.object({
  source: rowId("source رقم مصدر").optional(),
  status: z.enum(WIRE_STATUSES, { error: "status واحدة من new أو used أو ignored" }).optional(),
  limit: z.coerce.number({ error: "limit رقم بين 1 و100" }).int().min(1, { error: "limit رقم بين 1 و100" }).max(100, { error: "limit رقم بين 1 و100" }).default(30),
  cursor: z
    .string()
    .regex(/^\d{13}-\d{1,10}$/, { error: "cursor غير صالح" })
    .transform((value) => {
      const [time, id] = value.split("-").map(Number);
      return { sortAt: new Date(time!), id: id! };
    })
    .optional(),
});

export const publishBody = z.strictObject(
  {
    /** Which outlet's copy and attribution, when the item has several; the first seen by default. */
    sourceId: z.number({ error: "sourceId رقم" }).int().positive().max(MAX_ROW_ID).optional(),
    /** The byline, as author slugs like POST /api/v1/articles; the source's author by default. */
    authors: z.array(z.string({ error: "authors روابط صفحات الكتّاب" }).trim().min(1).max(100)).min(1, { error: "اذكر كاتباً واحداً على الأقل" }).max(5, { error: "لا يزيد الكتّاب على 5" }).optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `حقول غير معروفة: ${issue.keys.join(", ")}` : "أرسل كائن JSON") },
);

export const itemsCursor = (next: { sortAt: Date; id: number } | null) => (next ? `${next.sortAt.getTime()}-${next.id}` : null);

export function toApiWireItem(item: WireItemView) {
  return {
    id: item.id,
    status: item.status,
    time: item.sortAt.toISOString(),
    articleId: item.articleId,
    sources: item.entries.map((entry) => ({
      sourceId: entry.sourceId,
      name: entry.sourceName,
      title: entry.title,
      lead: entry.lead,
      url: entry.url || null,
      publishedAt: entry.publishedAt?.toISOString() ?? null,
      seenAt: entry.seenAt.toISOString(),
    })),
  };
}

