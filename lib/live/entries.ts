import { z } from "zod";
import { MAX_ROW_ID } from "@/db/ids";
import { articleBodySchema } from "@/lib/articles/body-schema";

// What a live entry is made of, for the admin form, the JSON API and the tests alike.

export const LIVE_ENTRY_TITLE_MAX = 200;

export const liveEntryInputSchema = z.object({
  title: z
    .string({ error: "عنوان التحديث مطلوب" })
    .trim()
    .min(1, { error: "عنوان التحديث مطلوب" })
    .max(LIVE_ENTRY_TITLE_MAX, { error: `عنوان التحديث أطول من ${LIVE_ENTRY_TITLE_MAX} حرف` }),
  body: articleBodySchema,
  imageMediaId: z.coerce
    .number({ error: "صورة غير صالحة" })
    .int({ error: "صورة غير صالحة" })
    .positive({ error: "صورة غير صالحة" })
    .max(MAX_ROW_ID, { error: "صورة غير صالحة" })
    .nullable()
    .default(null),
  pinned: z.boolean({ error: "يجب أن يكون true أو false" }).default(false),
  key: z.boolean({ error: "يجب أن يكون true أو false" }).default(false),
});

export type LiveEntryInput = z.input<typeof liveEntryInputSchema>;
export type LiveEntryDraft = z.output<typeof liveEntryInputSchema>;

/** The anchor of an entry on its story's page: stable for as long as the entry exists. */
export const liveEntryAnchor = (entryId: number) => `entry-${entryId}`;

/** A coverage is running once marked live and until its end is set. */
export type LiveState = "live" | "ended" | null;
export function liveStateOf(story: { live: boolean; liveEndedAt: Date | string | null }): LiveState {
  if (!story.live) return null;
  return story.liveEndedAt ? "ended" : "live";
}
