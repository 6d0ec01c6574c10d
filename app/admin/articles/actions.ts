"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { canUserSeeArticle } from "@/lib/articles/admin-queries";
import { getArticleById } from "@/lib/articles/queries";
import { createArticle, updateArticle, type Actor } from "@/lib/articles/commands";
import { parseArticleBody, type ArticleBody } from "@/lib/articles/body-schema";
import type { ArticleDraftInput, StatusIntent } from "@/lib/articles/schemas";
import type { EditorInitial } from "@/app/admin/_components/types";
import { staffAction, type FormState } from "@/lib/auth/action";
import { actionAccess, can } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { ValidationError, fieldErrorsFromIssues } from "@/lib/errors";
import { zonedDateTimeToUtc } from "@/lib/i18n/dates";
import { paths } from "@/lib/urls";

const text = z.string().optional().default("");
const idList = z.array(z.string()).optional().default([]);

/** The editor form as FormData: strings only (arrays use `name[]`); the article schema does the real checks. */
const editorFormSchema = z.object({
  id: text,
  version: text,
  intent: z.enum(["save", "publish", "schedule", "unpublish"], { error: "إجراء غير معروف" }).default("save"),
  scheduledAt: text,
  title: text,
  slug: text,
  dek: text,
  body: text,
  sectionId: text,
  authorIds: idList,
  tagNames: idList,
  readAlsoIds: idList,
  sourceName: text,
  sourceUrl: text,
  /** A new story from the wire desk: the item and outlet (lib/wire/attribution checks both). */
  wireItemId: z.union([z.literal(""), z.coerce.number().int().positive()]).optional().default(""),
  wireSourceId: z.union([z.literal(""), z.coerce.number().int().positive()]).optional().default(""),
  isBreaking: text,
  live: text,
  liveEnded: text,
  heroMediaId: text,
  correction: text,
});

/** What a successful save hands the editor, which moves onto the saved version. */
export type SavedValues = { id: number; version: number; slug: string; status: EditorInitial["status"]; publicPath: string };

function parseBodyField(raw: string): ArticleBody {
  let json: unknown;
  try {
    json = JSON.parse(raw || "null");
  } catch {
    throw new ValidationError({ body: ["تعذّرت قراءة المتن؛ أعد المحاولة"] });
  }
  const parsed = parseArticleBody(json);
  if (!parsed.success) {
    throw new ValidationError({ body: Object.values(fieldErrorsFromIssues(parsed.error.issues)).flat() });
  }
  return parsed.data;
}

function intentOf(form: z.output<typeof editorFormSchema>): StatusIntent {
  if (form.intent !== "schedule") return { action: form.intent };
  const at = zonedDateTimeToUtc(form.scheduledAt, getEnv().timeZone);
  if (!at) throw new ValidationError({ scheduledAt: ["اختر تاريخ النشر ووقته"] });
  return { action: "schedule", at };
}

const SAVED_MESSAGES: Record<StatusIntent["action"], string> = {
  save: "حُفظت التغييرات",
  publish: "نُشر الخبر",
  schedule: "جُدول الخبر",
  unpublish: "أُلغي نشر الخبر",
};

export const saveArticleAction = staffAction(actionAccess.saveArticleAction, editorFormSchema, async (form, user): Promise<FormState<SavedValues>> => {
  const db = getDb();
  const actor: Actor = { userId: user.id, role: user.role };
  const existingId = form.id ? Number(form.id) : null;
  const existing = existingId ? await getArticleById(db, existingId) : undefined;
  // Another writer's story answers like a missing one: the form must not confirm that an id exists.
  if (existingId && (!existing || !(await canUserSeeArticle(db, existingId, user)))) {
    return { status: "error", message: "الخبر غير موجود" };
  }
  const canCorrect = can(user, "correct");
  // The ids stay strings here: the article schema coerces them (z.coerce), with its Arabic messages.
  const input: ArticleDraftInput = {
    title: form.title,
    slug: form.slug,
    dek: form.dek,
    body: parseBodyField(form.body),
    sectionId: form.sectionId,
    authorIds: form.authorIds,
    tagNames: form.tagNames,
    readAlsoIds: form.readAlsoIds,
    sourceName: form.sourceName,
    sourceUrl: form.sourceUrl,
    isBreaking: form.isBreaking === "on" || form.isBreaking === "true",
    live: form.live === "on",
    // The end keeps the moment it was first recorded; ticking the box records now.
    liveEndedAt: form.live === "on" && form.liveEnded === "on" ? (existing?.liveEndedAt ?? new Date()) : null,
    heroMediaId: form.heroMediaId || null,
    // A correction note belongs to editors, and only once a story has been out.
    correction: canCorrect && existing?.firstPublishedAt ? form.correction : (existing?.correction ?? ""),
  };
  const intent = intentOf(form);
  const saved = existing
    ? await updateArticle(db, existing.id, Number(form.version), input, actor, intent)
    : await createArticle(db, input, actor, intent, form.wireItemId ? { wire: { itemId: form.wireItemId, sourceId: form.wireSourceId || null } } : {});
  return {
    status: "ok",
    message: existing || intent.action !== "save" ? SAVED_MESSAGES[intent.action] : "أُنشئ الخبر وحُفظ مسودةً",
    values: { ...saved, publicPath: paths.article(saved.id, saved.slug) },
  };
});
