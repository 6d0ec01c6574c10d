import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { UserRole } from "@/db/schema";
import { getStaffUser, type StaffUser } from "@/lib/auth/session";
import { settleReplicasAfterWrites, writeMark } from "@/lib/cache/revalidate";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/lib/db-errors";
import { DomainError, ValidationError, VersionConflictError, fieldErrorsFromIssues } from "@/lib/errors";

/**
 * What every admin form's action returns; forms keep it with useActionState (the admin's form kit,
 * app/admin/_components/form-kit.tsx, imports this type). A success may carry typed `values` (a
 * saved story's new version); a failure carries the field errors and the submitted text to put back.
 */
export type FormState<V = Record<string, unknown>> =
  | { status: "idle" | "ok"; message?: string; fieldErrors?: undefined; values?: V }
  | { status: "error"; message?: string; fieldErrors?: Record<string, string[]>; values?: Record<string, unknown> };

const SIGNED_OUT_MESSAGE = "انتهت جلستك. سجّل الدخول من جديد ثم أعد المحاولة.";
const WRONG_ROLE_MESSAGE = "ليست لديك صلاحية لهذا الإجراء";
const INVALID_MESSAGE = "تحقق من الحقول المميزة";
const UNEXPECTED_MESSAGE = "حدث خطأ غير متوقع، ولم يُحفظ شيء. حاول مجدداً.";

/**
 * FormData → plain object for zod. Keys ending in `[]` are read with getAll() and stored WITHOUT
 * the suffix (`tagNames[]` → `tagNames: string[]`); other keys keep their last value. Files are
 * passed through; Next's internal `$ACTION_…` fields are dropped.
 */
export function formDataToObject(formData: FormData): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue;
    if (key.endsWith("[]")) result[key.slice(0, -2)] = formData.getAll(key);
    else result[key] = formData.get(key);
  }
  return result;
}

/** The submitted text, to put back into the form: no passwords, no files. */
function echoValues(values: Record<string, unknown>): Record<string, unknown> {
  const echoed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (/password/i.test(key)) continue;
    if (typeof value === "string") echoed[key] = value;
    else if (Array.isArray(value)) echoed[key] = value.filter((item) => typeof item === "string");
  }
  return echoed;
}

/**
 * The one wrapper every server action goes through: it reads the session itself (never trusts the
 * client), requires one of `roles`, parses the FormData with `schema`, and turns domain errors into
 * a FormState. A database outage becomes «تعذّر الاتصال بقاعدة البيانات…» with the submitted text kept.
 * Anything else (redirect(), notFound(), bugs) is rethrown or reported generically.
 */
export function staffAction<S extends z.ZodType, V extends Record<string, unknown> = Record<string, unknown>, R = never>(
  roles: readonly UserRole[],
  schema: S,
  handler: (data: z.output<S>, user: StaffUser) => Promise<FormState<V> | R>,
  // Who is asking. Always the session in the app; tests/unit/staff-action.test.ts passes a user in
  // to drive the role and field checks without Next.js.
  loadUser: () => Promise<StaffUser | null> = getStaffUser,
): (prev: FormState<V>, formData: FormData) => Promise<FormState<V> | R> {
  return async (_prev: FormState<V>, formData: FormData): Promise<FormState<V> | R> => {
    // The session check reads the database too: an outage there gets the same answer as below.
    // Nothing the client sent is read before the session and role are checked: a forged call may
    // not even carry FormData.
    let user: StaffUser | null;
    try {
      user = await loadUser();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const values = formData instanceof FormData ? echoValues(formDataToObject(formData)) : {};
      return { status: "error", message: DATABASE_UNAVAILABLE_MESSAGE, values };
    }
    if (!user) return { status: "error", message: SIGNED_OUT_MESSAGE };
    if (!roles.includes(user.role)) return { status: "error", message: WRONG_ROLE_MESSAGE };

    const raw = formDataToObject(formData);

    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return {
        status: "error",
        message: INVALID_MESSAGE,
        fieldErrors: fieldErrorsFromIssues(parsed.error.issues),
        values: echoValues(raw),
      };
    }
    const mark = writeMark();
    try {
      return await handler(parsed.data as z.output<S>, user);
    } catch (error) {
      unstable_rethrow(error);
      if (error instanceof ValidationError) {
        return { status: "error", message: error.message, fieldErrors: error.fieldErrors, values: echoValues(raw) };
      }
      if (error instanceof VersionConflictError) {
        // The editor's text comes back, so nothing typed is lost; currentVersion lets the form reload.
        return {
          status: "error",
          message: error.message,
          fieldErrors: {},
          values: { ...echoValues(raw), currentVersion: error.currentVersion },
        };
      }
      if (error instanceof DomainError) {
        // Forbidden, not found, a conflict: the message says what happened; the text stays.
        return { status: "error", message: error.message, values: echoValues(raw) };
      }
      if (isDatabaseUnavailable(error)) {
        // The submitted text stays in the form, to be sent again once the database is back.
        console.error("server action: database unavailable", error);
        return { status: "error", message: DATABASE_UNAVAILABLE_MESSAGE, values: echoValues(raw) };
      }
      console.error("server action failed", error);
      return { status: "error", message: UNEXPECTED_MESSAGE, values: echoValues(raw) };
    } finally {
      // Read-your-writes with replicas: the answer (or the redirect) leaves once they have the write.
      await settleReplicasAfterWrites(mark);
    }
  };
}
