"use client";

import { useActionState } from "react";
import { ROLE_LABELS } from "@/lib/i18n/labels";
import { Field, FieldError, FormMessage, TextField, echoed, errorProps, fieldErrorsOf, initialFormState } from "../_components/form-kit";
import { clearLoginThrottleAction, createUserAction, resetPasswordAction, setUserDisabledAction } from "./actions";

export function CreateUserForm() {
  const [state, action, pending] = useActionState(createUserAction, initialFormState);
  const errors = fieldErrorsOf(state);
  // A new key after success empties the form; after an error the typed values come back.
  const formKey = state.status === "ok" ? `done-${state.message}` : "form";
  return (
    <form action={action} className="admin-form" noValidate key={formKey}>
      <FormMessage state={state} />
      <TextField
        id="new-user-email"
        label="البريد الإلكتروني"
        errors={errors.email}
        name="email"
        type="email"
        dir="ltr"
        autoComplete="off"
        defaultValue={echoed(state, "email")}
      />
      <TextField id="new-user-name" label="الاسم المعروض" errors={errors.displayName} name="displayName" defaultValue={echoed(state, "displayName")} />
      <Field id="new-user-role" label="الدور" errors={errors.role}>
        {(props) => (
          <select {...props} name="role" defaultValue={echoed(state, "role") ?? "writer"}>
            <option value="writer">{ROLE_LABELS.writer} (writer)</option>
            <option value="editor">{ROLE_LABELS.editor} (editor)</option>
            <option value="admin">{ROLE_LABELS.admin} (admin)</option>
          </select>
        )}
      </Field>
      <TextField
        id="new-user-password"
        label="كلمة المرور (10 أحرف على الأقل)"
        errors={errors.password}
        name="password"
        type="password"
        dir="ltr"
        autoComplete="new-password"
      />
      <div>
        <button type="submit" className="admin-button" disabled={pending}>
          إنشاء الحساب
        </button>
      </div>
    </form>
  );
}

export function ResetPasswordForm({ userId, email }: { userId: number; email: string }) {
  const [state, action, pending] = useActionState(resetPasswordAction, initialFormState);
  const id = `reset-password-${userId}`;
  const errors = fieldErrorsOf(state).password ?? fieldErrorsOf(state).userId;
  return (
    <form action={action} className="admin-form inline" noValidate key={state.status === "ok" ? "ok" : "form"}>
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor={id} className="sr-only">
        كلمة مرور جديدة لـ {email}
      </label>
      <input
        id={id}
        name="password"
        type="password"
        dir="ltr"
        autoComplete="new-password"
        placeholder="كلمة مرور جديدة"
        {...errorProps(`${id}-error`, errors)}
      />
      <button type="submit" className="admin-button secondary" disabled={pending}>
        تغيير كلمة المرور
      </button>
      {errors ? <FieldError id={`${id}-error`} errors={errors} /> : <FormMessage state={state} />}
    </form>
  );
}

export function ToggleDisabledForm({ userId, disabled, self }: { userId: number; disabled: boolean; self: boolean }) {
  const [state, action, pending] = useActionState(setUserDisabledAction, initialFormState);
  return (
    <form action={action} className="admin-form inline">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
      <button
        type="submit"
        className={disabled ? "admin-button secondary" : "admin-button danger"}
        disabled={pending || (self && !disabled)}
        title={self && !disabled ? "لا يمكنك تعطيل حسابك أنت" : undefined}
      >
        {disabled ? "تفعيل" : "تعطيل"}
      </button>
      <FormMessage state={state} />
    </form>
  );
}

/** After many wrong passwords an account's logins are slowed down; an admin can lift that at once. */
export function ClearLoginThrottleForm({ userId }: { userId: number }) {
  const [state, action, pending] = useActionState(clearLoginThrottleAction, initialFormState);
  return (
    <form action={action} className="admin-form inline">
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" className="admin-button secondary" disabled={pending}>
        رفع تقييد الدخول
      </button>
      <FormMessage state={state} />
    </form>
  );
}
