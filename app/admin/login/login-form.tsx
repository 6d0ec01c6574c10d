"use client";

import { signIn } from "next-auth/react";
import { useActionState } from "react";
import { Field, FieldError } from "../_components/form-kit";

type LoginState = {
  message?: string;
  fieldErrors?: { email?: string; password?: string };
  email?: string;
};

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// next-auth's signIn with redirect: false; the server's refusal (wrong password, rate limit,
// disabled account) comes back as `error` and is shown beside the password field.
async function submitLogin(callbackPath: string, _prev: LoginState, formData: FormData): Promise<LoginState> {
  const email = String(formData.get("email") ?? "").trim();
  const password = String(formData.get("password") ?? "");
  const fieldErrors: LoginState["fieldErrors"] = {};
  if (!email) fieldErrors.email = "البريد الإلكتروني مطلوب";
  else if (!EMAIL_PATTERN.test(email)) fieldErrors.email = "بريد إلكتروني غير صالح";
  if (!password) fieldErrors.password = "كلمة المرور مطلوبة";
  if (fieldErrors.email || fieldErrors.password) return { fieldErrors, email };

  const result = await signIn("credentials", { email, password, redirect: false, callbackUrl: callbackPath });
  if (result?.ok && !result.error) {
    // A full navigation, so every server component renders with the new session cookie.
    window.location.assign(callbackPath);
    return { email };
  }
  const message =
    result?.error && result.error !== "CredentialsSignin"
      ? result.error
      : "البريد الإلكتروني أو كلمة المرور غير صحيحة";
  return { message, email };
}

export function LoginForm({ callbackPath }: { callbackPath: string }) {
  const [state, formAction, pending] = useActionState(submitLogin.bind(null, callbackPath), {});
  const emailError = state.fieldErrors?.email;
  const passwordError = state.fieldErrors?.password;
  return (
    <form action={formAction} className="admin-form" noValidate>
      <Field id="login-email" label="البريد الإلكتروني" errors={emailError ? [emailError] : undefined}>
        {(props) => (
          <input
            {...props}
            name="email"
            type="email"
            dir="ltr"
            autoComplete="username"
            required
            defaultValue={state.email ?? ""}
            aria-describedby={emailError ? "login-email-error" : state.message ? "login-error" : undefined}
          />
        )}
      </Field>
      <Field
        id="login-password"
        label="كلمة المرور"
        errors={passwordError ? [passwordError] : undefined}
        after={<FieldError id="login-error" errors={state.message ? [state.message] : undefined} alert />}
      >
        {(props) => (
          <input
            {...props}
            name="password"
            type="password"
            dir="ltr"
            autoComplete="current-password"
            required
            aria-invalid={passwordError || state.message ? true : undefined}
            aria-describedby={passwordError ? "login-password-error" : state.message ? "login-error" : undefined}
          />
        )}
      </Field>
      <button type="submit" className="admin-button" disabled={pending}>
        {pending ? "جارٍ الدخول…" : "دخول"}
      </button>
    </form>
  );
}
