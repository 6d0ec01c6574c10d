"use client";

import type { CSSProperties, ReactNode } from "react";
import type { FormState } from "@/lib/auth/action";

// The admin's one form kit. Every form keeps its action's FormState with useActionState; a field's
// error list sits under it and the control points at it with aria-describedby (`<id>-error`).

export type { FormState };

/** Every form starts idle; typed this narrowly, it fits any action's FormState<V>. */
export const initialFormState = { status: "idle" } as const satisfies FormState;

/** A field's Arabic error messages; the field points at this element with aria-describedby. */
export function FieldError({ id, errors, alert }: { id: string; errors: string[] | undefined; alert?: boolean }) {
  if (!errors?.length) return null;
  return (
    <div id={id} className="adm-error" {...(alert ? { role: "alert" } : { "aria-live": "polite" as const })}>
      {errors.map((message) => (
        <p key={message} className="adm-error">
          {message}
        </p>
      ))}
    </div>
  );
}

/** Props that tie a control to its error list. */
export function errorProps(errorId: string, errors: string[] | undefined) {
  return errors?.length ? { "aria-invalid": true as const, "aria-describedby": errorId } : {};
}

export type ControlProps = { id: string; "aria-invalid"?: true; "aria-describedby"?: string };

/**
 * A labelled field: the control comes from `children`, which receives its id and error props; then
 * an optional hint, the errors (`<id>-error`) and anything that belongs after them.
 */
export function Field({
  id,
  label,
  errors,
  hint,
  after,
  style,
  children,
}: {
  id: string;
  label: ReactNode;
  errors: string[] | undefined;
  hint?: ReactNode;
  after?: ReactNode;
  style?: CSSProperties;
  children: (props: ControlProps) => ReactNode;
}) {
  const errorId = `${id}-error`;
  return (
    <div className="adm-field" style={style}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...errorProps(errorId, errors) })}
      {hint}
      <FieldError id={errorId} errors={errors} />
      {after}
    </div>
  );
}

export type TextFieldProps = {
  id: string;
  label: ReactNode;
  errors: string[] | undefined;
  hint?: ReactNode;
  after?: ReactNode;
  style?: CSSProperties;
  name: string;
  /** Controlled when set (with onValueChange); otherwise defaultValue seeds an uncontrolled control. */
  value?: string;
  defaultValue?: string;
  onValueChange?: (value: string) => void;
  /** A textarea of this many rows; an input otherwise. */
  rows?: number;
  type?: "text" | "url" | "email" | "password" | "datetime-local";
  dir?: "auto" | "ltr" | "rtl";
  maxLength?: number;
  placeholder?: string;
  className?: string;
  autoComplete?: string;
  readOnly?: boolean;
};

/** A text input (or, with `rows`, a textarea) in a Field. */
export function TextField({ id, label, errors, hint, after, style, rows, type, onValueChange, ...control }: TextFieldProps) {
  const onChange = onValueChange
    ? (event: { target: { value: string } }) => onValueChange(event.target.value)
    : undefined;
  return (
    <Field id={id} label={label} errors={errors} hint={hint} after={after} style={style}>
      {(props) =>
        rows === undefined ? (
          <input {...props} type={type} {...control} onChange={onChange} />
        ) : (
          <textarea {...props} {...control} rows={rows} onChange={onChange} />
        )
      }
    </Field>
  );
}

/** The form-level message: an alert for errors, a status line otherwise. */
export function FormMessage({ state }: { state: FormState<unknown> }) {
  if (state.status === "idle" || !state.message) return null;
  return (
    <p className={`form-message ${state.status === "ok" ? "ok" : "error"}`} role={state.status === "error" ? "alert" : "status"}>
      {state.message}
    </p>
  );
}

/** A small form's answer beside its button: an alert for errors, a status line otherwise. */
export function InlineAnswer({ state }: { state: FormState<unknown> }) {
  if (state.status === "idle" || !state.message) return null;
  return (
    <span className={state.status === "error" ? "adm-error" : "adm-hint"} role={state.status === "error" ? "alert" : "status"}>
      {state.message}
    </span>
  );
}

/** The field errors of a failed submission ({} otherwise). */
export function fieldErrorsOf(state: FormState<unknown>): Record<string, string[]> {
  return state.status === "error" ? (state.fieldErrors ?? {}) : {};
}

/** A submitted text value to put back after an error. */
export function echoed(state: FormState<unknown>, key: string): string | undefined {
  const value = state.status === "error" ? state.values?.[key] : undefined;
  return typeof value === "string" ? value : undefined;
}
