"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { staffAction, type FormState } from "@/lib/auth/action";
import { actionAccess } from "@/lib/auth/permissions";
import { clearLoginThrottle, resetPassword, createUser, setUserDisabled } from "@/lib/users/commands";
import { newUserSchema, passwordSchema } from "@/lib/users/schemas";

const userId = z.coerce.number({ error: "مستخدم غير صالح" }).int().positive({ error: "مستخدم غير صالح" });

export const createUserAction = staffAction(actionAccess.createUserAction, newUserSchema, async (data): Promise<FormState> => {
  const user = await createUser(getDb(), data);
  revalidatePath("/admin/users");
  return { status: "ok", message: `أُنشئ حساب ${user.displayName} (${user.email}).` };
});

export const resetPasswordAction = staffAction(
  actionAccess.resetPasswordAction,
  z.object({ userId, password: passwordSchema }),
  async (data): Promise<FormState> => {
    await resetPassword(getDb(), data.userId, data.password);
    revalidatePath("/admin/users");
    return { status: "ok", message: "تغيّرت كلمة المرور، وانتهت جلسات المستخدم المفتوحة." };
  },
);

export const setUserDisabledAction = staffAction(
  actionAccess.setUserDisabledAction,
  z.object({ userId, disabled: z.enum(["true", "false"]).transform((value) => value === "true") }),
  async (data, admin): Promise<FormState> => {
    await setUserDisabled(getDb(), data.userId, data.disabled, admin.id);
    revalidatePath("/admin/users");
    return { status: "ok", message: data.disabled ? "عُطّل الحساب وانتهت جلساته." : "أُعيد تفعيل الحساب." };
  },
);

export const clearLoginThrottleAction = staffAction(actionAccess.clearLoginThrottleAction, z.object({ userId }), async (data): Promise<FormState> => {
  await clearLoginThrottle(getDb(), data.userId);
  return { status: "ok", message: "رُفع تقييد الدخول عن الحساب." };
});
