import { z } from "zod";
import { ValidationError } from "@/lib/errors";

export const tagIdField = z.coerce.number({ error: "وسم غير صالح" }).int().positive({ error: "وسم غير صالح" });

/** The merge form: the tag's id and, as editors know it, the name of the tag to merge it into. */
export const mergeTagFormSchema = z.object({
  tagId: tagIdField,
  into: z.string().trim().min(1, { error: "اكتب اسم الوسم الذي يُدمج فيه" }),
});

/**
 * mergeTags (lib/tags) names its target `intoId`, but the form's field is `into`: without this, a
 * merge into itself showed «تحقق من الحقول المميزة» with no field highlighted.
 */
export function toMergeFormError(error: unknown): unknown {
  if (!(error instanceof ValidationError) || !error.fieldErrors.intoId) return error;
  const { intoId, ...rest } = error.fieldErrors;
  return new ValidationError({ ...rest, into: [...(rest.into ?? []), ...intoId] }, error.message);
}
