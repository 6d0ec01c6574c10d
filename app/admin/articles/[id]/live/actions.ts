"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { parseArticleBody } from "@/lib/articles/body-schema";
import { staffAction, type FormState } from "@/lib/auth/action";
import { actionAccess } from "@/lib/auth/permissions";
import { ValidationError, fieldErrorsFromIssues } from "@/lib/errors";
import { deleteLiveEntry, postLiveEntry, updateLiveEntry } from "@/lib/live/commands";

const text = z.string().optional().default("");
const positive = z.coerce.number().int().positive();

/** The entry form as FormData; lib/live checks the fields themselves, with their Arabic messages. */
const entryForm = z.object({
  articleId: positive,
  title: text,
  body: text,
  imageMediaId: text,
  pinned: text,
  key: text,
});

function entryInput(form: z.output<typeof entryForm>) {
  let json: unknown;
  try {
    json = JSON.parse(form.body || "null");
  } catch {
    throw new ValidationError({ body: ["تعذّرت قراءة النص؛ أعد المحاولة"] });
  }
  const body = parseArticleBody(json);
  if (!body.success) throw new ValidationError({ body: Object.values(fieldErrorsFromIssues(body.error.issues)).flat() });
  return {
    title: form.title,
    body: body.data,
    imageMediaId: form.imageMediaId || null,
    pinned: form.pinned === "on" || form.pinned === "true",
    key: form.key === "on" || form.key === "true",
  };
}

const actorOf = (user: { id: number; role: "admin" | "editor" | "writer" }) => ({ userId: user.id, role: user.role });

export const postLiveEntryAction = staffAction(actionAccess.postLiveEntryAction, entryForm, async (form, user): Promise<FormState<{ entryId: number }>> => {
  const entry = await postLiveEntry(getDb(), form.articleId, entryInput(form), actorOf(user));
  revalidatePath(`/admin/articles/${form.articleId}/live`);
  return { status: "ok", message: "نُشر التحديث", values: { entryId: entry.id } };
});

export const updateLiveEntryAction = staffAction(
  actionAccess.updateLiveEntryAction,
  entryForm.extend({ entryId: positive, version: positive }),
  async (form, user): Promise<FormState> => {
    await updateLiveEntry(getDb(), form.entryId, form.version, entryInput(form), actorOf(user));
    revalidatePath(`/admin/articles/${form.articleId}/live`);
    return { status: "ok", message: "حُفظ التحديث" };
  },
);

export const deleteLiveEntryAction = staffAction(
  actionAccess.deleteLiveEntryAction,
  z.object({ articleId: positive, entryId: positive, version: positive }),
  async (form, user): Promise<FormState> => {
    await deleteLiveEntry(getDb(), form.entryId, form.version, actorOf(user));
    revalidatePath(`/admin/articles/${form.articleId}/live`);
    return { status: "ok", message: "حُذف التحديث" };
  },
);
