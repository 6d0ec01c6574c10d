"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { restoreRevision } from "@/lib/articles/revisions";
import { staffAction, type FormState } from "@/lib/auth/action";
import { actionAccess } from "@/lib/auth/permissions";

const restoreSchema = z.object({
  articleId: z.coerce.number().int().positive(),
  revisionId: z.coerce.number().int().positive(),
  version: z.coerce.number().int().positive(),
});

/** Restores a revision as a new one (editors and admins), then opens the editor on it. */
export const restoreRevisionAction = staffAction(actionAccess.restoreRevisionAction, restoreSchema, async (data, user): Promise<FormState> => {
  await restoreRevision(getDb(), data.articleId, data.revisionId, data.version, { userId: user.id, role: user.role });
  redirect(`/admin/articles/${data.articleId}?saved=restored`);
});
