"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { staffAction, type FormState } from "@/lib/auth/action";
import { actionAccess } from "@/lib/auth/permissions";
import { ignoreWireItem, restoreWireItem } from "@/lib/wire/desk";
import { pollSettingsFromEnv, pollSourceNow, type PollCounts } from "@/lib/wire/poll";
import { createWireSource, setWireSourcePaused, updateWireSource } from "@/lib/wire/sources";

const itemForm = z.object({ itemId: z.coerce.number().int().positive() });
const sourceForm = z.object({ sourceId: z.coerce.number().int().positive() });

export const ignoreWireItemAction = staffAction(actionAccess.ignoreWireItemAction, itemForm, async ({ itemId }, user): Promise<FormState> => {
  await ignoreWireItem(getDb(), itemId, { userId: user.id, role: user.role });
  revalidatePath("/admin/wire");
  return { status: "ok", message: "تُجوهل الخبر. تجده في «المتجاهلة» ويمكن التراجع." };
});

export const restoreWireItemAction = staffAction(actionAccess.restoreWireItemAction, itemForm, async ({ itemId }, user): Promise<FormState> => {
  await restoreWireItem(getDb(), itemId, { userId: user.id, role: user.role });
  revalidatePath("/admin/wire");
  return { status: "ok", message: "عاد الخبر إلى الوارد." };
});

function describeCounts(counts: PollCounts): string {
  if (counts.error) return `فشل الجلب: ${counts.error}`;
  if (counts.notModified) return "لم تتغير الخلاصة منذ آخر جلب.";
  const parts = [`${counts.fetched} مادة`, `${counts.new} جديدة`, `${counts.duplicates} مكررة`];
  if (counts.published) parts.push(`${counts.published} نُشرت تلقائياً`);
  if (counts.errors) parts.push(`${counts.errors} تعذّرت قراءتها`);
  return `جُلبت الخلاصة: ${parts.join("، ")}.`;
}

export const pollWireSourceAction = staffAction(actionAccess.pollWireSourceAction, sourceForm, async ({ sourceId }, user): Promise<FormState> => {
  const counts = await pollSourceNow(getDb(), sourceId, { userId: user.id, role: user.role }, pollSettingsFromEnv());
  revalidatePath("/admin/wire");
  revalidatePath("/admin/wire/sources");
  return { status: counts.error ? "error" : "ok", message: describeCounts(counts) };
});

/** The source form: strings from FormData, turned into the API's shape for wireSourceInputSchema. */
const sourceFields = z.object({
  sourceId: z.string().optional().default(""),
  name: z.string().optional().default(""),
  url: z.string().optional().default(""),
  section: z.string().optional().default(""),
  tags: z.string().optional().default(""),
  intervalMinutes: z.string().optional().default("15"),
  mode: z.string().optional().default("queue"),
  canonical: z.string().optional().default("ours"),
  authorId: z.string().optional().default(""),
  allowHost: z.string().optional(),
});

export const saveWireSourceAction = staffAction(actionAccess.saveWireSourceAction, sourceFields, async (form, user): Promise<FormState> => {
  const input = {
    name: form.name,
    url: form.url,
    section: form.section,
    tags: form.tags
      .split(/[,،\n]/)
      .map((tag) => tag.trim())
      .filter(Boolean),
    intervalMinutes: form.intervalMinutes,
    mode: form.mode,
    canonical: form.canonical,
    authorId: form.authorId || null,
    allowHost: form.allowHost === "on",
  };
  const actor = { userId: user.id, role: user.role };
  const sourceId = Number(form.sourceId);
  if (form.sourceId && Number.isInteger(sourceId) && sourceId > 0) await updateWireSource(getDb(), sourceId, input, actor);
  else await createWireSource(getDb(), input, actor);
  revalidatePath("/admin/wire/sources");
  revalidatePath("/admin/wire");
  return { status: "ok", message: form.sourceId ? "حُفظ المصدر." : "أُضيف المصدر؛ يُجلب في الجولة التالية." };
});

export const setWireSourcePausedAction = staffAction(
  actionAccess.setWireSourcePausedAction,
  z.object({ sourceId: z.coerce.number().int().positive(), paused: z.enum(["true", "false"]) }),
  async ({ sourceId, paused }, user): Promise<FormState> => {
    await setWireSourcePaused(getDb(), sourceId, paused === "true", { userId: user.id, role: user.role });
    revalidatePath("/admin/wire/sources");
    revalidatePath("/admin/wire");
    return { status: "ok", message: paused === "true" ? "أُوقف المصدر مؤقتاً." : "استُؤنف المصدر." };
  },
);
