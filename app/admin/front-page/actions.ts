"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { staffAction, type FormState } from "@/lib/auth/action";
import { actionAccess } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { restoreFrontPageRevision, saveFrontPage } from "@/lib/front-page/commands";

const version = z.coerce.number({ error: "نسخة غير صالحة" }).int().min(0);

/** The arrangement travels as JSON in one field (like a story's body); lib/front-page checks it all. */
export const saveFrontPageAction = staffAction(
  actionAccess.saveFrontPageAction,
  z.object({ version, layout: z.string().max(50_000, "الترتيب أطول مما يُقبل") }),
  async (form, user): Promise<FormState<{ version: number }>> => {
    let input: unknown;
    try {
      input = JSON.parse(form.layout);
    } catch {
      throw new ValidationError({ form: ["تعذّرت قراءة الترتيب؛ أعد المحاولة"] });
    }
    const saved = await saveFrontPage(getDb(), {
      expectedVersion: form.version,
      input,
      actor: { userId: user.id, role: user.role },
      timeZone: getEnv().timeZone,
    });
    revalidatePath("/admin/front-page");
    return { status: "ok", message: "حُفظت الواجهة ونُشرت على الصفحة الرئيسية", values: saved };
  },
);

export const restoreFrontPageRevisionAction = staffAction(
  actionAccess.restoreFrontPageRevisionAction,
  z.object({ version, revisionId: z.coerce.number().int().positive() }),
  async (form, user): Promise<FormState> => {
    const { dropped } = await restoreFrontPageRevision(getDb(), {
      revisionId: form.revisionId,
      expectedVersion: form.version,
      actor: { userId: user.id, role: user.role },
    });
    revalidatePath("/admin/front-page");
    return {
      status: "ok",
      message: dropped ? `استُعيدت النسخة دون ${dropped} من أخبارها لم تعد منشورة` : "استُعيدت النسخة",
    };
  },
);
