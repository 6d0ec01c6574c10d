"use server";

import { eq } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { tags } from "@/db/schema";
import { staffAction, type FormState } from "@/lib/auth/action";
import { ValidationError } from "@/lib/errors";
import { deleteUnusedTag, mergeTags, renameTag } from "@/lib/tags/commands";
import { tagIdentity } from "@/lib/tags/resolve";
import { mergeTagFormSchema, tagIdField, toMergeFormError } from "./merge-form";

const EDITORS: ("editor" | "admin")[] = ["editor", "admin"];
const tagId = tagIdField;

export const renameTagAction = staffAction(
  EDITORS,
  z.object({ tagId, name: z.string().default("") }),
  async (data): Promise<FormState> => {
    const { tag } = await renameTag(getDb(), data.tagId, data.name);
    revalidatePath("/admin/tags");
    return { status: "ok", message: `أعيدت التسمية إلى «${tag.name}»` };
  },
);

export const mergeTagAction = staffAction(
  EDITORS,
  mergeTagFormSchema,
  async (data): Promise<FormState> => {
    const db = getDb();
    // The target is named the way editors know it; its identity finds it whatever the spelling.
    const [target] = await db.select({ id: tags.id }).from(tags).where(eq(tags.normalizedName, tagIdentity(data.into)));
    if (!target) throw new ValidationError({ into: ["لا يوجد وسم بهذا الاسم"] });
    const { tag, articleIds } = await mergeTags(db, data.tagId, target.id).catch((error: unknown) => {
      throw toMergeFormError(error);
    });
    revalidatePath("/admin/tags");
    return { status: "ok", message: `دُمج الوسم في «${tag.name}» (${articleIds.length} خبر)` };
  },
);

export const deleteTagAction = staffAction(EDITORS, z.object({ tagId }), async (data): Promise<FormState> => {
  await deleteUnusedTag(getDb(), data.tagId);
  revalidatePath("/admin/tags");
  return { status: "ok", message: "حُذف الوسم" };
});
