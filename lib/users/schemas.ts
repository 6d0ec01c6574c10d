import { z } from "zod";
import { PASSWORD_MIN } from "@/lib/users/password";

export const userRoles = ["admin", "editor", "writer"] as const;

export const emailSchema = z
  .string({ error: "البريد الإلكتروني مطلوب" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "بريد إلكتروني غير صالح" }));

export const passwordSchema = z
  .string({ error: "كلمة المرور مطلوبة" })
  .min(PASSWORD_MIN, { error: `كلمة المرور ${PASSWORD_MIN} أحرف على الأقل` })
  .max(200, { error: "كلمة المرور طويلة جداً" });

export const newUserSchema = z.object({
  email: emailSchema,
  displayName: z.string().trim().min(2, { error: "الاسم مطلوب" }).max(80, { error: "الاسم أطول من 80 حرفاً" }),
  slug: z
    .string()
    .trim()
    .max(60)
    .regex(/^[\p{L}\p{N}-]*$/u, { error: "الرابط المختصر حروف وأرقام وشرطات فقط" })
    .default(""),
  bio: z.string().trim().max(600, { error: "النبذة أطول من 600 حرف" }).default(""),
  role: z.enum(userRoles, { error: "الدور يجب أن يكون admin أو editor أو writer" }),
  password: passwordSchema,
});

export type NewUserInput = z.input<typeof newUserSchema>;
