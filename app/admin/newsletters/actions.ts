"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { staffAction, type FormState } from "@/lib/auth/action";
import { actionAccess } from "@/lib/auth/permissions";
import { createSectionList, setListActive, unsubscribeEverywhere } from "@/lib/newsletters/admin";
import { sendBreakingAlert } from "@/lib/newsletters/campaigns";
import { eraseSubscriber } from "@/lib/newsletters/subscriptions";

export const sendBreakingAlertAction = staffAction(
  actionAccess.sendBreakingAlertAction,
  z.object({ articleId: z.coerce.number().int().positive(), confirm: z.string().optional() }),
  async ({ articleId, confirm }, user): Promise<FormState> => {
    // An alert is never one click away: the editor ticks the confirmation first.
    if (confirm !== "on") return { status: "error", message: "أكّد الإرسال أولاً", fieldErrors: { confirm: ["ضع علامة التأكيد قبل الإرسال"] } };
    const { recipients } = await sendBreakingAlert(getDb(), articleId, { userId: user.id, role: user.role });
    // No revalidatePath: the story would leave the list of candidates and take this answer with it;
    // the send log shows the campaign on the next visit.
    return { status: "ok", message: `أُرسل التنبيه إلى الطابور: ${recipients} مشترك. يصل خلال دقيقة.` };
  },
);

const subscriberForm = z.object({ subscriberId: z.coerce.number().int().positive() });

export const unsubscribeSubscriberAction = staffAction(actionAccess.unsubscribeSubscriberAction, subscriberForm, async ({ subscriberId }, user): Promise<FormState> => {
  await unsubscribeEverywhere(getDb(), user, subscriberId);
  revalidatePath("/admin/newsletters");
  return { status: "ok", message: "أُلغيت اشتراكاته كلها." };
});

export const eraseSubscriberAction = staffAction(actionAccess.eraseSubscriberAction, subscriberForm, async ({ subscriberId }): Promise<FormState> => {
  await eraseSubscriber(getDb(), subscriberId);
  revalidatePath("/admin/newsletters");
  return { status: "ok", message: "حُذف العنوان وبقيت الأعداد." };
});

export const createSectionListAction = staffAction(
  actionAccess.createSectionListAction,
  z.object({ sectionId: z.string().optional().default(""), name: z.string().optional().default(""), description: z.string().optional().default("") }),
  async (form, user): Promise<FormState> => {
    await createSectionList(getDb(), user, form);
    revalidatePath("/admin/newsletters");
    return { status: "ok", message: "أُضيفت القائمة، وتظهر في نموذج الاشتراك." };
  },
);

export const setListActiveAction = staffAction(
  actionAccess.setListActiveAction,
  z.object({ listId: z.coerce.number().int().positive(), active: z.enum(["true", "false"]) }),
  async ({ listId, active }, user): Promise<FormState> => {
    await setListActive(getDb(), user, listId, active === "true");
    revalidatePath("/admin/newsletters");
    return { status: "ok", message: active === "true" ? "فُعّلت القائمة." : "أُوقفت القائمة." };
  },
);
