"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { staffAction, type FormState } from "@/lib/auth/action";
import { actionAccess } from "@/lib/auth/permissions";
import { ValidationError } from "@/lib/errors";
import { deleteUnusedTag, mergeTags, renameTag, setTagAliases } from "@/lib/tags/commands";
import { findTagByName } from "@/lib/tags/queries";
import { mergeTagFormSchema, tagIdField, toMergeFormError } from "./merge-form";

const tagId = tagIdField;

export const renameTagAction = staffAction(
  actionAccess.renameTagAction,
  z.object({ tagId, name: z.string().default("") }),
  async (data): Promise<FormState> => {
    const { tag } = await renameTag(getDb(), data.tagId, data.name);
    revalidatePath("/admin/tags");
    return { status: "ok", message: `أعيدت التسمية إلى «${tag.name}»` };
  },
);

export const mergeTagAction = staffAction(
  actionAccess.mergeTagAction,
  mergeTagFormSchema,
  async (data): Promise<FormState> => {
    const db = getDb();
    const target = await findTagByName(db, data.into);
    if (!target) throw new ValidationError({ into: ["لا يوجد وسم بهذا الاسم"] });
    const { tag, articleIds } = await mergeTags(db, data.tagId, target.id).catch((error: unknown) => {
      throw toMergeFormError(error);
    });
    revalidatePath("/admin/tags");
    return { status: "ok", message: `دُمج الوسم في «${tag.name}» (${articleIds.length} خبر)` };
  },
);

export const setTagAliasesAction = staffAction(
  actionAccess.setTagAliasesAction,
  z.object({ tagId, aliases: z.string().default("") }),
  async (data): Promise<FormState> => {
    const { tag } = await setTagAliases(getDb(), data.tagId, data.aliases);
    revalidatePath("/admin/tags");
    return { status: "ok", message: tag.aliases.length ? `الأسماء البديلة: ${tag.aliases.join("، ")}` : "لا أسماء بديلة" };
  },
);

export const deleteTagAction = staffAction(actionAccess.deleteTagAction, z.object({ tagId }), async (data): Promise<FormState> => {
  await deleteUnusedTag(getDb(), data.tagId);
  revalidatePath("/admin/tags");
  return { status: "ok", message: "حُذف الوسم" };
});
